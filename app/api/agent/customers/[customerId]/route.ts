import { getDb } from '@/lib/db/client.ts';
import { getCustomerHistory } from '@/lib/staff/my-customers.ts';
import { authorizeCustomerRead, requireAgent } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ customerId: string }> };

export const GET = route(async (_req, { params }: Ctx, call) => {
  const customerId = parseId((await params).customerId, 'customerId');
  const actor = await call.actor();
  const scope = await authorizeCustomerRead({ db: getDb(), actor, customerId });
  return Response.json(await getCustomerHistory({ db: getDb(), agentId: requireAgent(actor), customerId, scope }));
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
