import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { addCustomerMessage } from '@/lib/requests/thread.ts';
import { IDEMPOTENCY_HEADER } from '@/lib/requests/create-request.ts';
import { authorizeOwnRequest, requireCustomer } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, readJson, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

export const POST = route(async (req: NextRequest, { params }: Ctx, call) => {
  const id = parseId((await params).id, 'id');
  const actor = await call.actor();
  await authorizeOwnRequest({ db: getDb(), actor, id });
  await call.throttle('messages');
  const { message, created } = await addCustomerMessage({
    db: getDb(),
    notify: getNotifier(),
    customerId: requireCustomer(actor),
    id,
    input: await readJson(req),
    idempotencyKey: req.headers.get(IDEMPOTENCY_HEADER),
  });
  // A retry with the same Idempotency-Key gets the stored message back, as POST /api/service-requests does.
  return Response.json({ message }, { status: created ? 201 : 200, headers: created ? {} : { 'idempotent-replayed': 'true' } });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
