import type { Db } from '../db/client.ts';

/** The customer's current exclusive agent, if any (the ended bindings are history). */
export const getActiveBinding = (opts: { db: Db; customerId: string }) =>
  opts.db.binding.findFirst({ where: { customerId: opts.customerId, endedAt: null }, include: { agent: true } });

/** Every binding the customer has had, newest first. */
export const listBindingHistory = (opts: { db: Db; customerId: string }) =>
  opts.db.binding.findMany({ where: { customerId: opts.customerId }, orderBy: { createdAt: 'desc' } });
