import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { idSchema } from '../validation/text.ts';
import { AppError } from '../errors.ts';
import type { RequestEvents } from './events.ts';
import { toRequestView, type ServiceRequestView } from './request-view.ts';

export const requestIdSchema = z.object({ id: idSchema });

/** The agent's screen showed the alert: pending → delivered (told to the customer). Idempotent. */
export const markDelivered = async (opts: { db: Db; notify: RequestEvents; agentId: string; id: string; customerId?: string; now?: Date }): Promise<boolean> => {
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
  notify: RequestEvents;
  agentId: string;
  input: unknown;
  now?: Date;
}): Promise<ServiceRequestView> => {
  const { id } = requestIdSchema.parse(opts.input);
  const now = opts.now ?? new Date();
  // One conditional UPDATE … RETURNING on both open states: a request taken meanwhile in another tab
  // or moved to a cover is never written over. (Conditioning on one state at a time races with the
  // delivery confirmation, which moves pending → delivered at the same moment on another connection.)
  const [taken] = await opts.db.serviceRequest.updateManyAndReturn({
    where: { id, agentId: opts.agentId, status: { in: ['pending', 'delivered'] } },
    data: { status: 'acknowledged', acknowledgedAt: now },
  });
  if (taken) {
    // Taken before the screen confirmed it (rare): it was delivered at the latest now.
    if (!taken.deliveredAt) {
      await opts.db.serviceRequest.updateMany({ where: { id, deliveredAt: null }, data: { deliveredAt: now } });
      taken.deliveredAt = now;
    }
    opts.notify.updateRequest({ agentId: taken.agentId, customerId: taken.customerId }, { id: taken.id, status: 'acknowledged' });
    return toRequestView(taken);
  }
  const existing = await opts.db.serviceRequest.findUnique({ where: { id } });
  if (!existing || existing.agentId !== opts.agentId) {
    throw new AppError('not_found', 'No such request among yours.', 'id');
  }
  return toRequestView(existing); // already taken (or resolved): idempotent
};
