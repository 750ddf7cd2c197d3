import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { createCustomer, toCustomerView } from '@/lib/customers/create-customer.ts';
import { sessionCookie } from '@/lib/credentials/session.ts';
import { createSession } from '@/lib/credentials/sessions.ts';
import { isHttps, methodNotAllowed, readJson, route } from '@/lib/http/route.ts';

// Anyone may become a customer (throttled per address); with a session this updates that customer.
export const POST = route(async (req: NextRequest, _ctx, call) => {
  const db = getDb();
  const { customerId } = await call.actor();
  await call.throttle(customerId ? 'customer_update' : 'customer_create');
  const { customer, created } = await createCustomer({ db, input: await readJson(req), existingId: customerId });
  if (created) {
    const { token } = await createSession({ db, kind: 'customer', subjectId: customer.id, userAgent: req.headers.get('user-agent') });
    call.setCookie(sessionCookie('customer', token, { secure: isHttps(req) }));
  }
  return Response.json({ customer: toCustomerView(customer) }, { status: created ? 201 : 200 });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
