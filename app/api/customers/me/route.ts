import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { toCustomerView } from '@/lib/customers/create-customer.ts';
import { customerIdOf, route } from '@/lib/http/route.ts';

// A first visit has no session yet: that is an answer ("nobody yet"), not an error for the browser console.
export const GET = route(async (req: NextRequest) => {
  const id = customerIdOf(req);
  const customer = id ? await getDb().customer.findUnique({ where: { id } }) : null;
  return Response.json({ customer: customer ? toCustomerView(customer) : null });
});
