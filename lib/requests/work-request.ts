import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import type { RequestEvents } from './events.ts';
import type { RequestMessageView } from './request-view.ts';
import { MESSAGE_INCLUDE, toMessageView, toRequestView, type ServiceRequestView } from './request-view.ts';
import { messageBodySchema, stampAfterLast } from './thread.ts';
import { requestIdSchema } from './acknowledge-request.ts';
import { idSchema } from '../validation/text.ts';
import { offerHeldRequests } from './offer-held.ts';

export const replySchema = z.object({ id: idSchema }).extend(messageBodySchema.shape);

const loadHandled = async (db: Db, agentId: string, id: string) => {
  const r = await db.serviceRequest.findUnique({ where: { id } });
  if (!r || r.agentId !== agentId) throw new AppError('not_found', 'No such request among yours.', 'id');
  return r;
};

/** A message from the handling agent in the request's thread (as often as needed); the customer sees it live. */
export const replyToRequest = async (opts: { db: Db; notify: RequestEvents; agentId: string; input: unknown; now?: Date }): Promise<RequestMessageView> => {
  const { id, body } = replySchema.parse(opts.input);
  const r = await loadHandled(opts.db, opts.agentId, id);
  if (r.status === 'resolved') throw new AppError('conflict', 'This request is resolved; the customer can send a new one.', 'id');
  const now = opts.now ?? new Date();
  const createdAt = await stampAfterLast(opts.db, id, now);
  const [message] = await opts.db.$transaction([
    opts.db.requestMessage.create({ data: { requestId: id, author: 'agent', agentId: opts.agentId, body, createdAt }, include: MESSAGE_INCLUDE }),
    // Answering is taking it: a reply acknowledges a request not yet acknowledged.
    opts.db.serviceRequest.updateMany({
      where: { id, status: { in: ['pending', 'delivered'] } },
      data: { status: 'acknowledged', acknowledgedAt: now, deliveredAt: r.deliveredAt ?? now },
    }),
  ]);
  const target = { agentId: r.agentId, customerId: r.customerId };
  if (r.status !== 'acknowledged') opts.notify.updateRequest(target, { id, status: 'acknowledged' });
  const view = toMessageView(message);
  opts.notify.messageAdded(target, view);
  return view;
};

export const resolveRequest = async (opts: { db: Db; notify: RequestEvents; agentId: string; input: unknown; now?: Date }, attempt = 0): Promise<ServiceRequestView> => {
  const { id } = requestIdSchema.parse(opts.input);
  const now = opts.now ?? new Date();
  // The usual case (acknowledged, then resolved) is one conditional UPDATE … RETURNING; anything else
  // (resolved straight from new, already resolved, not theirs) reads the row first.
  let [updated] = await opts.db.serviceRequest.updateManyAndReturn({
    where: { id, agentId: opts.agentId, status: 'acknowledged' },
    data: { status: 'resolved', resolvedAt: now },
  });
  if (!updated) {
    const r = await loadHandled(opts.db, opts.agentId, id);
    if (r.status === 'resolved') return toRequestView(r);
    // Conditional on what was read: a request moved on meanwhile (to a cover, by the accept timeout, taken
    // in another tab) is not written over; it is read again (and answered 404 when no longer theirs).
    [updated] = await opts.db.serviceRequest.updateManyAndReturn({
      where: { id, agentId: opts.agentId, status: r.status },
      data: { status: 'resolved', resolvedAt: now, acknowledgedAt: r.acknowledgedAt ?? now, deliveredAt: r.deliveredAt ?? now },
    });
    if (!updated) {
      if (attempt >= 3) throw new AppError('conflict', 'This request is changing right now. Please try again.', 'id');
      return resolveRequest(opts, attempt + 1);
    }
  }
  opts.notify.updateRequest({ agentId: updated.agentId, customerId: updated.customerId }, { id, status: 'resolved' });
  // One fewer in hand: a request held because they were busy can be offered now.
  await offerHeldRequests({ db: opts.db, notify: opts.notify, agentId: opts.agentId, now });
  return toRequestView(updated);
};
