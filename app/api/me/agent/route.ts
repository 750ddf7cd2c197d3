import { getDb } from '@/lib/db/client.ts';
import { getMyAgent } from '@/lib/binding/get-my-agent.ts';
import { requireCustomer } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, route } from '@/lib/http/route.ts';

export const GET = route(async (_req, _ctx, call) => Response.json(await getMyAgent({ db: getDb(), customerId: requireCustomer(await call.actor()) })));

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
