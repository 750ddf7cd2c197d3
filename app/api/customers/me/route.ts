import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { toCustomerView } from '@/lib/customers/create-customer.ts';
import { AppError } from '@/lib/errors.ts';
import { methodNotAllowed, requireCustomerId, route } from '@/lib/http/route.ts';

export const GET = route(async (req: NextRequest) => {
  const customer = await getDb().customer.findUnique({ where: { id: requireCustomerId(req) } });
  if (!customer) throw new AppError('customer_required', 'Please tell us how to reach you first.', 'customer');
  return Response.json({ customer: toCustomerView(customer) });
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
