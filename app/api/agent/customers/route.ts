import { getDb } from '@/lib/db/client.ts';
import { listMyCustomers } from '@/lib/staff/my-customers.ts';
import { requireAgent } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, route } from '@/lib/http/route.ts';

export const GET = route(async (_req, _ctx, call) =>
  Response.json({ customers: await listMyCustomers({ db: getDb(), agentId: requireAgent(await call.actor()) }) }),
);

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
