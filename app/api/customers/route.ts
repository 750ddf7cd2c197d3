import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { createCustomer, toCustomerView } from '@/lib/customers/create-customer.ts';
import { createSessionToken, sessionCookie } from '@/lib/auth/session.ts';
import { customerIdOf, isHttps, methodNotAllowed, readJson, route } from '@/lib/http/route.ts';

export const POST = route(async (req: NextRequest) => {
  const { customer, created } = await createCustomer({ db: getDb(), input: await readJson(req), existingId: customerIdOf(req) });
  const token = createSessionToken('customer', customer.id);
  return Response.json(
    { customer: toCustomerView(customer) },
    { status: created ? 201 : 200, headers: { 'set-cookie': sessionCookie('customer', token, { secure: isHttps(req) }) } },
  );
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
