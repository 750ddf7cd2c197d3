import { getDb } from '@/lib/db/client.ts';
import { skipCandidate } from '@/lib/matching/match-session.ts';
import { authorizeMatch } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ matchId: string }> };

export const POST = route(async (_req, { params }: Ctx, call) => {
  const matchId = parseId((await params).matchId, 'matchId');
  const actor = await call.actor();
  await authorizeMatch({ db: getDb(), actor, matchId, act: 'skip' });
  await call.throttle('skips');
  return Response.json(await skipCandidate({ db: getDb(), matchId, customerId: actor.customerId }));
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
