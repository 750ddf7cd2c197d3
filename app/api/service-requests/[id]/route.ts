import { getDb } from '@/lib/db/client.ts';
import { getRequestForCustomer } from '@/lib/requests/list-requests.ts';
import { authorizeOwnRequest, requireCustomer } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (_req, { params }: Ctx, call) => {
  const id = parseId((await params).id, 'id');
  const actor = await call.actor();
  await authorizeOwnRequest({ db: getDb(), actor, id });
  return Response.json({ request: await getRequestForCustomer({ db: getDb(), customerId: requireCustomer(actor), id }) });
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
