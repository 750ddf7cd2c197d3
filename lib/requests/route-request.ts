import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';

/**
 * S4: a service request is looked up by its customer → the active binding → the bound agent.
 * (Fallback when the bound agent cannot answer is issue #6; today the bound agent always gets it
 * and an offline agent receives it from the database when they connect.)
 */
export const routeRequest = async (opts: { db: Db; customerId: string }): Promise<{ agentId: string; bindingId: string }> => {
  const binding = await opts.db.binding.findFirst({
    where: { customerId: opts.customerId, endedAt: null },
    select: { id: true, agentId: true },
  });
  if (!binding) throw new AppError('no_binding', 'You have no exclusive agent yet. Find one first.', 'customer');
  return { agentId: binding.agentId, bindingId: binding.id };
};
