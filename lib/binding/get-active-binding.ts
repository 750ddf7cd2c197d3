import type { Db } from '../db/client.ts';
import type { Prisma } from '../db/generated/sqlite/client.ts';

/** A client or a transaction: whatever can read bindings. */
type BindingReader = Pick<Db, 'binding'>;

type Shape = { select?: Prisma.BindingSelect | null; include?: Prisma.BindingInclude | null };

/**
 * The customer's current exclusive agent's binding, or null: the one query of "whose customer is
 * this" (a customer has at most one binding with no end, a unique index in the migrations; the ended
 * ones are history). `shape` picks the columns and relations the caller needs.
 */
export const findActiveBinding = <S extends Shape = Record<never, never>>(db: BindingReader, customerId: string, shape?: S): Promise<Prisma.BindingGetPayload<S> | null> =>
  // Prisma cannot follow a generic shape through findFirst's overloads; the payload type is its own.
  db.binding.findFirst({ ...shape, where: { customerId, endedAt: null } }) as Promise<Prisma.BindingGetPayload<S> | null>;

/** The customer's current binding with its agent, if any. */
export const getActiveBinding = (opts: { db: Db; customerId: string }) => findActiveBinding(opts.db, opts.customerId, { include: { agent: true } });

/** Every binding the customer has had, newest first. */
export const listBindingHistory = (opts: { db: Db; customerId: string }) =>
  opts.db.binding.findMany({ where: { customerId: opts.customerId }, orderBy: { createdAt: 'desc' } });
