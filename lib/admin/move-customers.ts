import { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { Notifier } from '../events/types.ts';
import { moveCustomers } from '../staff/handover.ts';
import { auditWrite, type AuditActor } from './audit-log.ts';

export const moveCustomersSchema = z.object({ toAgentId: z.string({ error: 'is required' }).min(1, 'is required').max(64, 'is too long') });

/**
 * "Move customers to…" on the admin page: each of the agent's customers is asked (lib/staff/handover.ts),
 * and the audit entry is written in the same transaction as the question.
 */
export const moveCustomersByAdmin = async (opts: { db: Db; notify: Notifier; by: AuditActor; agentId: string; input: unknown }) => {
  const { toAgentId } = moveCustomersSchema.parse(opts.input);
  return moveCustomers({
    db: opts.db,
    notify: opts.notify,
    fromAgentId: opts.agentId,
    toAgentId,
    adminId: opts.by.adminId,
    record: (tx, moved) => auditWrite(tx, { by: opts.by, action: 'agent.customers_move', agentId: opts.agentId, changes: { movingTo: [null, moved.toName], customersAsked: [null, moved.pending] } }),
  });
};
