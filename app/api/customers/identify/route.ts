import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getEnv } from '@/lib/env.ts';
import { AppError } from '@/lib/errors.ts';
import { toCustomerView } from '@/lib/customers/create-customer.ts';
import { identityConfigFrom, verifyIdentityToken } from '@/lib/customers/identity-token.ts';
import { identifyCustomer } from '@/lib/identity/identify-customer.ts';
import { signInBrowserAs } from '@/lib/identity/customer-session.ts';
import { sessionCookie } from '@/lib/credentials/session.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { isHttps, methodNotAllowed, readJson, route } from '@/lib/http/route.ts';

// Issue 25: the shop says who its signed-in user is (a short-lived JWT); the same person on every device.
export const POST = route(async (req: NextRequest, _ctx, call) => {
  const config = identityConfigFrom(getEnv());
  // Without a configured shop the address does not exist (nothing tells a prober it could).
  if (!config) throw new AppError('not_found', 'Nothing here.', 'path');
  await call.throttle('identify');
  const body = (await readJson(req)) as { token?: unknown } | null;
  const claims = await verifyIdentityToken({ token: body && typeof body === 'object' ? body.token : undefined, config });
  const db = getDb();
  const resolved = await call.resolved();
  const current = { customerId: resolved.actor.customerId, sessionId: resolved.customerSession?.id ?? null };
  const { customer, created, merge } = await identifyCustomer({ db, claims, currentCustomerId: current.customerId });
  const { token, view } = await signInBrowserAs({ db, notify: getNotifier(), customer, merge, current, userAgent: req.headers.get('user-agent') });
  if (token) call.setCookie(sessionCookie('customer', token, { secure: isHttps(req) }));
  return Response.json({ customer: toCustomerView(customer), ...view }, { status: created ? 201 : 200 });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
