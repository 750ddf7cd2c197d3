import { getDb } from '@/lib/db/client.ts';
import { toCustomerView } from '@/lib/customers/create-customer.ts';
import { methodNotAllowed, route } from '@/lib/http/route.ts';

// A first visit has no session yet: that is an answer ("nobody yet"), not an error for the browser console.
// Only the caller's own customer session is read: nobody else's profile can be asked for here.
export const GET = route(async (_req, _ctx, call) => {
  const { customerId } = await call.actor();
  const customer = customerId ? await getDb().customer.findUnique({ where: { id: customerId } }) : null;
  return Response.json({ customer: customer ? toCustomerView(customer) : null });
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
