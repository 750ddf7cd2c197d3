import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { toCustomerView } from '@/lib/customers/create-customer.ts';
import { redeemCustomerLink } from '@/lib/customers/customer-links.ts';
import { adoptBrowser } from '@/lib/identity/merge-customers.ts';
import { signInBrowserAs } from '@/lib/identity/customer-session.ts';
import { sessionCookie } from '@/lib/credentials/session.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { isHttps, methodNotAllowed, readJson, route } from '@/lib/http/route.ts';

// Issue 25: a handoff code (the QR code in the app) or a mailed sign-in link lets this device in, once.
export const POST = route(async (req: NextRequest, _ctx, call) => {
  await call.throttle('handoff_redeem');
  const body = (await readJson(req)) as { code?: unknown } | null;
  const db = getDb();
  const { customerId } = await redeemCustomerLink({ db, code: body && typeof body === 'object' ? body.code : undefined });
  const resolved = await call.resolved();
  const current = { customerId: resolved.actor.customerId, sessionId: resolved.customerSession?.id ?? null };
  const merge = await adoptBrowser({ db, intoId: customerId, current });
  const customer = await db.customer.findUniqueOrThrow({ where: { id: customerId } });
  const { token, view } = await signInBrowserAs({ db, notify: getNotifier(), customer, merge, current, userAgent: req.headers.get('user-agent') });
  if (token) call.setCookie(sessionCookie('customer', token, { secure: isHttps(req) }));
  return Response.json({ customer: toCustomerView(customer), ...view });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
