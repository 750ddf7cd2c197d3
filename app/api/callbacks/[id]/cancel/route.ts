import { getDb } from '@/lib/db/client.ts';
import { cancelCallback } from '@/lib/callbacks/book-callback.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { authorizeCallback, requireCustomer } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

export const POST = route(async (_req, { params }: Ctx, call) => {
  const id = parseId((await params).id, 'id');
  const actor = await call.actor();
  await authorizeCallback({ db: getDb(), actor, id, side: 'customer' });
  await call.throttle('callbacks');
  return Response.json({ callback: await cancelCallback({ db: getDb(), notify: getNotifier(), id, customerId: requireCustomer(actor) }) });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
