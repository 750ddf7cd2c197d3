import { getDb } from '@/lib/db/client.ts';
import { peekCandidate } from '@/lib/matching/match-session.ts';
import { authorizeMatch } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ matchId: string }> };

export const GET = route(async (_req, { params }: Ctx, call) => {
  const matchId = parseId((await params).matchId, 'matchId');
  const actor = await call.actor();
  await authorizeMatch({ db: getDb(), actor, matchId, act: 'read' });
  return Response.json(await peekCandidate({ db: getDb(), matchId, customerId: actor.customerId }));
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
