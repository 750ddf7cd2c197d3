import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { chooseCandidate } from '@/lib/matching/choose-candidate.ts';
import { customerIdOf, methodNotAllowed, parseId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ matchId: string }> };

export const POST = route(async (req: NextRequest, { params }: Ctx) => {
  const matchId = parseId((await params).matchId, 'matchId');
  const result = await chooseCandidate({ db: getDb(), matchId, customerId: customerIdOf(req) });
  return Response.json(result, { status: 201 });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
