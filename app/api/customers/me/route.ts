import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { toCustomerView } from '@/lib/customers/create-customer.ts';
import { AppError } from '@/lib/errors.ts';
import { requireCustomerId, route } from '@/lib/http/route.ts';

export const GET = route(async (req: NextRequest) => {
  const customer = await getDb().customer.findUnique({ where: { id: requireCustomerId(req) } });
  if (!customer) throw new AppError('customer_required', 'Please tell us how to reach you first.', 'customer');
  return Response.json({ customer: toCustomerView(customer) });
});
