import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { idSchema } from '../validation/text.ts';
import { AppError } from '../errors.ts';
import type { RequestEvents } from './events.ts';
import { toRequestView, type ServiceRequestView } from './request-view.ts';
import { rawOf } from '../db/raw.ts';
import { acknowledgeSql, markDeliveredSql } from './hot-path-sql.ts';

export const requestIdSchema = z.object({ id: idSchema });

/** The agent's screen showed the alert: pending → delivered (told to the customer). Idempotent. */
export const markDelivered = async (opts: { db: Db; notify: RequestEvents; agentId: string; id: string; customerId?: string; now?: Date }): Promise<boolean> => {
  const raw = await rawOf(opts.db);
  // One conditional UPDATE … RETURNING the customer, whom the update tells.
  const customerId = await markDeliveredSql(raw.query, { id: opts.id, agentId: opts.agentId, now: opts.now ?? new Date() });
  if (customerId === null) return false;
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
  // Taken before the screen confirmed it (rare): it was delivered at the latest now (COALESCE, same statement).
  const taken = await acknowledgeSql(opts.db, (await rawOf(opts.db)).query, { id, agentId: opts.agentId, now });
  if (taken) {
    opts.notify.updateRequest({ agentId: taken.agentId, customerId: taken.customerId }, { id: taken.id, status: 'acknowledged' });
    return toRequestView(taken);
  }
  const existing = await opts.db.serviceRequest.findUnique({ where: { id } });
  if (!existing || existing.agentId !== opts.agentId) {
    throw new AppError('not_found', 'No such request among yours.', 'id');
  }
  return toRequestView(existing); // already taken (or resolved): idempotent
};
