import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import type { Notifier } from '../events/types.ts';
import { OPEN_STATUSES } from '../requests/request-view.ts';
import { endActiveBinding } from '../binding/end-binding.ts';
import { offerHeldRequests } from '../requests/offer-held.ts';
import { loadCallbackView } from '../callbacks/callback-view.ts';
import { revocationTime } from '../credentials/sessions.ts';
import { getSessionCache } from '../credentials/session-cache.ts';
import { blobsOfCustomer, getBlobStore } from '../uploads/uploads.ts';
import type { BlobStore } from '../uploads/store.ts';

/**
 * `DELETE /api/customers/me`: the right to leave. What identifies the person goes; what only counts
 * stays, so agents' figures (requests handled, stars, gifts) do not change under them.
 *
 * Erased: name (a neutral placeholder: the column is NOT NULL), phone, e-mail, IM, the contact copies
 * kept with every binding, the words of the customer's requests and messages (an erasure note instead),
 * rating comments, gift notes, the phone and note of every callback; the files they sent (issue 30: their
 * rows in the transaction, then their bytes from the store unless someone else sent the same); push subscriptions and pending
 * answer mails, unused handoff codes and sign-in links are deleted; every session is revoked and its
 * sockets closed; the shop's user id is cleared, so that user's next sign-in makes a new customer.
 * Ended: the exclusive binding (history kept, endReason "customer-erased", the agent's count given back),
 * booked callbacks (cancelled, by the customer), open requests (closed as resolved: the person asking
 * is gone, so nothing is left to answer; there is no "withdrawn" state, and a resolved request is what
 * every console and count already understands).
 * Kept: the rows themselves with their times, statuses, stars, gift points and agents — anonymous.
 */

export const ERASED_NAME = 'Erased customer';
export const ERASURE_NOTE = '[erased at the customer’s request]';
export const ERASED_BINDING_REASON = 'customer-erased';

/** What the customer row becomes. No shop identity (externalId): the same shop user starts afresh, with no agent. */
const erasedIdentity = (now: Date) => ({ name: ERASED_NAME, phone: null, email: null, im: null, externalId: null, emailOff: true, erasedAt: now });

export const eraseCustomer = async (opts: { db: Db; notify: Notifier; customerId: string; now?: Date; store?: BlobStore }) => {
  const { db, notify, customerId } = opts;
  const now = opts.now ?? new Date();
  const result = await db.$transaction(async (tx) => {
    // The first statement takes the customer's row (a serialised step): a choose, a merge or another erasure
    // of the same customer at the same moment waits for it or goes first, and one merged away meanwhile is
    // an answer (401 customer_required), not a failed update.
    const { count } = await tx.customer.updateMany({ where: { id: customerId }, data: erasedIdentity(now) });
    if (count !== 1) throw new AppError('customer_required', 'Please tell us how to reach you first.', 'customer');
    const ended = await endActiveBinding({ tx, customerId, reason: ERASED_BINDING_REASON, now });
    await tx.binding.updateMany({ where: { customerId }, data: { contactPhone: null, contactEmail: null, contactIm: null } });

    const open = await tx.serviceRequest.findMany({ where: { customerId, status: { in: [...OPEN_STATUSES] } }, select: { id: true, agentId: true } });
    if (open.length) {
      await tx.serviceRequest.updateMany({
        where: { id: { in: open.map((r) => r.id) } },
        data: { status: 'resolved', resolvedAt: now, holdReason: null, waitForBound: false },
      });
    }
    await tx.serviceRequest.updateMany({ where: { customerId }, data: { message: ERASURE_NOTE } });
    await tx.requestMessage.updateMany({ where: { author: 'customer', request: { customerId } }, data: { body: ERASURE_NOTE } });
    await tx.rating.updateMany({ where: { customerId }, data: { comment: null } });
    await tx.giftSent.updateMany({ where: { customerId }, data: { note: null } });
    const blobs = await blobsOfCustomer(tx, customerId);
    await tx.upload.deleteMany({ where: { customerId } });

    const booked = await tx.callback.findMany({ where: { customerId, status: 'booked' }, select: { id: true } });
    if (booked.length) await tx.callback.updateMany({ where: { id: { in: booked.map((c) => c.id) } }, data: { status: 'cancelled', changedBy: 'customer' } });
    await tx.callback.updateMany({ where: { customerId }, data: { phone: '', note: '' } });

    await tx.pushSubscription.deleteMany({ where: { customerId } });
    // Handoff codes and sign-in links not yet used would let a device in again.
    await tx.customerLink.deleteMany({ where: { customerId } });
    await tx.answerMail.deleteMany({ where: { customerId } });
    const sessions = await tx.session.findMany({ where: { kind: 'customer', subjectId: customerId, revokedAt: null }, select: { id: true } });
    await tx.session.updateMany({ where: { kind: 'customer', subjectId: customerId, revokedAt: null }, data: { revokedAt: revocationTime(now) } });
    return { ended, open, booked: booked.map((c) => c.id), sessionIds: sessions.map((s) => s.id), blobs };
  });
  // The bytes go once no row names them (a crash here leaves blobs nobody can reach; none is served again).
  if (result.blobs.length) await (opts.store ?? getBlobStore()).removeUnreferenced(db, result.blobs);

  // Committed: now people are told. Every tab of the customer closes; the agents' consoles drop the
  // requests (resolved) and the calls (cancelled) and may take work that waited because they were busy.
  getSessionCache().forgetSubject('customer', customerId);
  notify.endSessions?.({ sessionIds: result.sessionIds });
  for (const r of result.open) notify.updateRequest({ agentId: r.agentId, customerId }, { id: r.id, status: 'resolved' });
  for (const id of result.booked) {
    const view = await loadCallbackView(db, id);
    notify.callbackChanged({ agentId: view.agent.id, customerId }, view);
  }
  for (const agentId of new Set(result.open.map((r) => r.agentId))) await offerHeldRequests({ db, notify, agentId, now });
  return {
    endedBindingId: result.ended?.id ?? null,
    closedRequests: result.open.length,
    cancelledCallbacks: result.booked.length,
    endedSessions: result.sessionIds.length,
  };
};
