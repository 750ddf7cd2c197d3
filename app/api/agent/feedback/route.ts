import { getDb } from '@/lib/db/client.ts';
import { listFeedback } from '@/lib/ratings/list-feedback.ts';
import { requireAgent } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, route } from '@/lib/http/route.ts';

/** The signed-in agent's rating and gift totals and the latest of each (new ones arrive live). */
export const GET = route(async (_req, _ctx, call) => Response.json(await listFeedback({ db: getDb(), agentId: requireAgent(await call.actor()) })));

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
