import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { peekCandidate } from '@/lib/matching/match-session.ts';
import { customerIdOf, methodNotAllowed, parseId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ matchId: string }> };

export const GET = route(async (req: NextRequest, { params }: Ctx) => {
  const matchId = parseId((await params).matchId, 'matchId');
  return Response.json(await peekCandidate({ db: getDb(), matchId, customerId: customerIdOf(req) }));
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
