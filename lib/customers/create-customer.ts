import type { Db } from '../db/client.ts';
import type { Customer } from '../db/generated/sqlite/client.ts';
import { customerInputSchema } from './contact.ts';

export type CustomerView = { id: string; name: string; phone?: string; email?: string; im?: string };

export const toCustomerView = (c: Customer): CustomerView => ({
  id: c.id,
  name: c.name,
  ...(c.phone ? { phone: c.phone } : {}),
  ...(c.email ? { email: c.email } : {}),
  ...(c.im ? { im: c.im } : {}),
});

/**
 * Creates a customer from untrusted input, or — when the caller already has a customer session —
 * updates that customer's name and contact info (so nobody ends up with two identities).
 */
export const createCustomer = async (opts: { db: Db; input: unknown; existingId?: string | null }): Promise<{ customer: Customer; created: boolean }> => {
  const data = customerInputSchema.parse(opts.input);
  const fields = { name: data.name, phone: data.phone ?? null, email: data.email ?? null, im: data.im ?? null };
  if (opts.existingId) {
    const existing = await opts.db.customer.findUnique({ where: { id: opts.existingId } });
    if (existing) {
      return { customer: await opts.db.customer.update({ where: { id: existing.id }, data: fields }), created: false };
    }
  }
  return { customer: await opts.db.customer.create({ data: fields }), created: true };
};
