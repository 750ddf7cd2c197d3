import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { chooseCandidate } from '@/lib/matching/choose-candidate.ts';
import { getNotifier } from '@/lib/requests/notifier.ts';
import { customerIdOf, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ matchId: string }> };

export const POST = route(async (req: NextRequest, { params }: Ctx) => {
  const { matchId } = await params;
  const result = await chooseCandidate({ db: getDb(), matchId, customerId: customerIdOf(req), notify: getNotifier() });
  return Response.json(result, { status: 201 });
});
