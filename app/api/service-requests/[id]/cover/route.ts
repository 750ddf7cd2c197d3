import { getDb } from '@/lib/db/client.ts';
import { getEnv } from '@/lib/env.ts';
import { takeCover } from '@/lib/requests/reassign-request.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { authorizeOwnRequest, requireCustomer } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

export const POST = route(async (_req, { params }: Ctx, call) => {
  const id = parseId((await params).id, 'id');
  const actor = await call.actor();
  await authorizeOwnRequest({ db: getDb(), actor, id });
  await call.throttle('covers');
  return Response.json(
    await takeCover({ db: getDb(), notify: getNotifier(), customerId: requireCustomer(actor), input: { id }, maxHops: getEnv().MAX_HOPS }),
  );
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
