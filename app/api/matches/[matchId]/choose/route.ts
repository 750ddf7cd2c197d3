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
  const result = await chooseCandidate({ db: getDb(), matchId, customerId: actor.customerId, notify: getNotifier() });
  return Response.json(result, { status: 201 });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
