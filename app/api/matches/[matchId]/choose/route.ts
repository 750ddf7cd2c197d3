import { getDb } from '@/lib/db/client.ts';
import { chooseCandidate } from '@/lib/matching/choose-candidate.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { authorizeMatch } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ matchId: string }> };

export const POST = route(async (_req, { params }: Ctx, call) => {
  const matchId = parseId((await params).matchId, 'matchId');
  const actor = await call.actor();
  await authorizeMatch({ db: getDb(), actor, matchId, act: 'choose' });
  await call.throttle('choose');
  const { created, ...result } = await chooseCandidate({ db: getDb(), matchId, customerId: actor.customerId, notify: getNotifier() });
  // 201 for a new exclusive agent; 200 when this was already the customer's agent (e.g. a second tab chose them too).
  return Response.json(result, { status: created ? 201 : 200 });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
