import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { peekCandidate } from '@/lib/matching/match-session.ts';
import { customerIdOf, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ matchId: string }> };

export const GET = route(async (req: NextRequest, { params }: Ctx) => {
  const { matchId } = await params;
  return Response.json(await peekCandidate({ db: getDb(), matchId, customerId: customerIdOf(req) }));
});
