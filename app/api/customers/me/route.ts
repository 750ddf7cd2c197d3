import { getDb } from '@/lib/db/client.ts';
import { toCustomerView } from '@/lib/customers/create-customer.ts';
import { requireCustomer } from '@/lib/auth/authorize.ts';
import { AppError } from '@/lib/errors.ts';
import { methodNotAllowed, route } from '@/lib/http/route.ts';

export const GET = route(async (_req, _ctx, call) => {
  const customer = await getDb().customer.findUnique({ where: { id: requireCustomer(await call.actor()) } });
  if (!customer) throw new AppError('customer_required', 'Please tell us how to reach you first.', 'customer');
  return Response.json({ customer: toCustomerView(customer) });
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
