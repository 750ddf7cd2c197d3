import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { idSchema } from '../validation/text.ts';
import { AppError } from '../errors.ts';
import type { Notifier } from './notifier.ts';
import { toRequestView, type ServiceRequestView } from './request-view.ts';

export const requestIdSchema = z.object({ id: idSchema });

/** The agent's screen showed the alert: pending → delivered (told to the customer). Idempotent. */
export const markDelivered = async (opts: { db: Db; notify: Notifier; agentId: string; id: string; customerId?: string; now?: Date }): Promise<boolean> => {
  const { count } = await opts.db.serviceRequest.updateMany({
    where: { id: opts.id, agentId: opts.agentId, status: 'pending' },
    data: { status: 'delivered', deliveredAt: opts.now ?? new Date() },
  });
  if (count === 0) return false;
  // The alert carried the customer: no need to read the request again to tell them.
  const customerId = opts.customerId ?? (await opts.db.serviceRequest.findUniqueOrThrow({ where: { id: opts.id }, select: { customerId: true } })).customerId;
  opts.notify.updateRequest({ agentId: opts.agentId, customerId }, { id: opts.id, status: 'delivered' });
  return true;
};

/** The bound agent acknowledges: → acknowledged; the customer's page sees it live. Idempotent. */
export const acknowledgeRequest = async (opts: {
  db: Db;
  notify: Notifier;
  agentId: string;
  input: unknown;
  now?: Date;
}): Promise<ServiceRequestView> => {
  const { id } = requestIdSchema.parse(opts.input);
  const now = opts.now ?? new Date();
  const existing = await opts.db.serviceRequest.findUnique({ where: { id } });
  if (!existing || existing.agentId !== opts.agentId) {
    throw new AppError('not_found', 'No such request among yours.', 'id');
  }
  if (existing.status !== 'pending' && existing.status !== 'delivered') return toRequestView(existing); // already taken: idempotent
  // Conditional on the status read: if it moved on meanwhile (taken in another tab, moved to a cover), nothing is
  // written and the stored row is answered. One statement either way (UPDATE … RETURNING).
  const [taken] = await opts.db.serviceRequest.updateManyAndReturn({
    where: { id, agentId: opts.agentId, status: { in: ['pending', 'delivered'] } },
    data: { status: 'acknowledged', acknowledgedAt: now, deliveredAt: existing.deliveredAt ?? now },
  });
  if (!taken) return toRequestView(await opts.db.serviceRequest.findUniqueOrThrow({ where: { id } }));
  opts.notify.updateRequest({ agentId: taken.agentId, customerId: taken.customerId }, { id: taken.id, status: 'acknowledged' });
  return toRequestView(taken);
};
