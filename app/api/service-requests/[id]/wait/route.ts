import { getDb } from '@/lib/db/client.ts';
import { waitForBoundAgent } from '@/lib/requests/reassign-request.ts';
import { authorizeOwnRequest, requireCustomer } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

export const POST = route(async (_req, { params }: Ctx, call) => {
  const id = parseId((await params).id, 'id');
  const actor = await call.actor();
  await authorizeOwnRequest({ db: getDb(), actor, id });
  return Response.json({ request: await waitForBoundAgent({ db: getDb(), customerId: requireCustomer(actor), input: { id } }) });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
