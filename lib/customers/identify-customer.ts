import type { Db } from '../db/client.ts';
import type { Customer } from '../db/generated/sqlite/client.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { IdentityClaims } from './identity-token.ts';
import { mergeCustomerInto, type MergeOutcome } from './merge-customers.ts';

/**
 * A customer is a person, not a browser. The shop's `sub` names the person: the same `sub` is the same
 * customer on every device. What this browser did before it was identified is not lost:
 * - a person we have not met yet takes this browser's customer as theirs (its agent, its history);
 * - a person we know absorbs this browser's customer (lib/customers/merge-customers.ts decides whose
 *   agent stands);
 * - a browser that was another known person's simply becomes this person's (a shared computer).
 * The claims the shop sends (name, email, phone, locale) update the person's details.
 */
export type Identified = { customer: Customer; created: boolean; merge: MergeOutcome | null };

const detailsOf = (claims: IdentityClaims) => ({
  ...(claims.name ? { name: claims.name } : {}),
  ...(claims.email ? { email: claims.email } : {}),
  ...(claims.phone ? { phone: claims.phone } : {}),
  ...(claims.locale ? { locale: claims.locale } : {}),
});

const identifyOnce = async (opts: { db: Db; claims: IdentityClaims; currentCustomerId: string | null; now: Date }): Promise<Identified> => {
  const { db, claims, now } = opts;
  return db.$transaction(async (tx) => {
    const person = await tx.customer.findUnique({ where: { externalId: claims.sub } });
    const current = opts.currentCustomerId ? await tx.customer.findUnique({ where: { id: opts.currentCustomerId } }) : null;
    const anonymous = current && current.externalId === null ? current : null;
    if (!person) {
      if (anonymous) {
        const customer = await tx.customer.update({ where: { id: anonymous.id }, data: { externalId: claims.sub, ...detailsOf(claims) } });
        return { customer, created: true, merge: null };
      }
      // Name and contact may come later (the contact screen asks before an agent is chosen).
      const customer = await tx.customer.create({ data: { externalId: claims.sub, name: claims.name ?? '', ...detailsOf(claims) } });
      return { customer, created: true, merge: null };
    }
    const merge = anonymous && anonymous.id !== person.id ? await mergeCustomerInto({ tx, fromId: anonymous.id, intoId: person.id, now }) : null;
    const customer = await tx.customer.update({ where: { id: person.id }, data: detailsOf(claims) });
    return { customer, created: false, merge };
  });
};

export const identifyCustomer = async (opts: { db: Db; claims: IdentityClaims; currentCustomerId: string | null; now?: Date }): Promise<Identified> => {
  const now = opts.now ?? new Date();
  try {
    return await identifyOnce({ ...opts, now });
  } catch (err) {
    // Two devices of one new person at the same moment: one made the person, the other finds them.
    if (!isUniqueViolation(err)) throw err;
    return identifyOnce({ ...opts, now });
  }
};
