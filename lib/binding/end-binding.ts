import type { Db } from '../db/client.ts';
import { findActiveBinding } from './get-active-binding.ts';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/**
 * Ends the customer's exclusive binding, if any (kept as history with `reason`), and gives the agent
 * the place back: Agent.activeBindings is the count matching filters on, so it moves in the same
 * transaction as the binding (as bindAgent does on a rebind). Runs inside the caller's transaction.
 */
export const endActiveBinding = async (opts: { tx: Tx; customerId: string; reason: string; now: Date }): Promise<{ id: string; agentId: string } | null> => {
  const { tx } = opts;
  const active = await findActiveBinding(tx, opts.customerId, { select: { id: true, agentId: true } });
  if (!active) return null;
  // Conditional, so a binding another writer ended meanwhile is not counted twice.
  const { count } = await tx.binding.updateMany({ where: { id: active.id, endedAt: null }, data: { endedAt: opts.now, endReason: opts.reason } });
  if (!count) return null;
  await tx.agent.update({ where: { id: active.agentId }, data: { activeBindings: { decrement: 1 } }, select: { id: true } });
  return active;
};
