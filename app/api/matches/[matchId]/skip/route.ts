import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { skipCandidate } from '@/lib/matching/match-session.ts';
import { customerIdOf, methodNotAllowed, parseId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ matchId: string }> };

export const POST = route(async (req: NextRequest, { params }: Ctx) => {
  const matchId = parseId((await params).matchId, 'matchId');
  return Response.json(await skipCandidate({ db: getDb(), matchId, customerId: customerIdOf(req) }));
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
