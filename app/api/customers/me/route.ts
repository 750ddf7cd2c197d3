import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { toCustomerView } from '@/lib/customers/create-customer.ts';
import { eraseCustomer } from '@/lib/identity/erase-customer.ts';
import { requireCustomer } from '@/lib/auth/authorize.ts';
import { clearedCookie } from '@/lib/credentials/session.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { methodNotAllowed, route } from '@/lib/http/route.ts';

// A first visit has no session yet: that is an answer ("nobody yet"), not an error for the browser console.
// Only the caller's own customer session is read: nobody else's profile can be asked for here.
export const GET = route(async (_req, _ctx, call) => {
  const { customerId } = await call.actor();
  const customer = customerId ? await getDb().customer.findUnique({ where: { id: customerId } }) : null;
  return Response.json({ customer: customer ? toCustomerView(customer) : null });
});

// The right to leave: the caller's name, contacts and words are erased and every device signed out
// (what stays and why: lib/identity/erase-customer.ts). It cannot be undone; the app's settings ask first.
export const DELETE = route(async (_req: NextRequest, _ctx, call) => {
  const customerId = requireCustomer(await call.actor());
  await call.throttle('devices');
  await eraseCustomer({ db: getDb(), notify: getNotifier(), customerId });
  call.setCookie(clearedCookie('customer'));
  return new Response(null, { status: 204 });
});

const other = methodNotAllowed('GET, DELETE');
export { other as POST, other as PUT, other as PATCH };
