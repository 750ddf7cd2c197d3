import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { skipCandidate } from '@/lib/matching/match-session.ts';
import { customerIdOf, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ matchId: string }> };

export const POST = route(async (req: NextRequest, { params }: Ctx) => {
  const { matchId } = await params;
  return Response.json(await skipCandidate({ db: getDb(), matchId, customerId: customerIdOf(req) }));
});
