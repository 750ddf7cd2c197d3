import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { requireCustomer } from '@/lib/auth/authorize.ts';
import { clearedCookie } from '@/lib/credentials/session.ts';
import { signOutDevice } from '@/lib/identity/devices.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { methodNotAllowed, parseId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

// Signs one of the caller's devices out (its sockets close at once); another customer's id is 404.
export const DELETE = route(async (_req: NextRequest, ctx: Ctx, call) => {
  const { actor, customerSession } = await call.resolved();
  const customerId = requireCustomer(actor);
  const id = parseId((await ctx.params).id, 'id');
  await call.throttle('devices');
  const { sessionId } = await signOutDevice({ db: getDb(), notify: getNotifier(), customerId, id });
  // Signing this very device out: the browser forgets the cookie too.
  if (sessionId === customerSession?.id) call.setCookie(clearedCookie('customer'));
  return new Response(null, { status: 204 });
});

const other = methodNotAllowed('DELETE');
export { other as GET, other as POST, other as PUT, other as PATCH };
