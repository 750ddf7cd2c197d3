import { isTransient, toStoreError } from './errors.ts';
import type { AttachmentKind } from './attachments.ts';
import type { ServiceRequest, StoreError } from './types.ts';

/**
 * A file of a queued request. Its bytes wait in the blob store (`outboxFileKey(item.key, index)`) until
 * the request is sent; once uploaded its id is kept, so a retry does not upload it twice.
 * `error`: the server refused this file (the item is then failed).
 */
export type OutboxFile = { name: string; kind: AttachmentKind; bytes: number; uploadId?: string; error?: StoreError };

/**
 * A request the customer wrote that the server has not confirmed yet. Its idempotency key is made
 * when it is written and never changes, so however often it is re-sent (after a lost answer, a
 * reload, another tab) the server stores it once.
 */
export type OutboxItem = {
  key: string;
  customerId: string;
  message: string;
  createdAt: string;
  status: 'queued' | 'failed';
  error?: StoreError;
  files?: OutboxFile[];
};

export type SendOutcome =
  | { key: string; kind: 'sent'; request: ServiceRequest }
  | { key: string; kind: 'failed'; error: StoreError }
  | { key: string; kind: 'kept'; error: StoreError };

/**
 * Sends the queued items of one customer, oldest first. A transient failure (no network, server
 * trouble) keeps that item and everything after it for the next try, so the order is preserved;
 * a permanent refusal (e.g. the message is too long) marks that one failed and moves on.
 */
export const sendQueued = async (opts: {
  items: readonly OutboxItem[];
  customerId: string;
  send: (item: OutboxItem) => Promise<ServiceRequest>;
}): Promise<SendOutcome[]> => {
  const outcomes: SendOutcome[] = [];
  const queue = opts.items
    .filter((i) => i.status === 'queued' && i.customerId === opts.customerId)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const item of queue) {
    try {
      outcomes.push({ key: item.key, kind: 'sent', request: await opts.send(item) });
    } catch (err) {
      const error = toStoreError(err);
      if (isTransient(error)) {
        outcomes.push({ key: item.key, kind: 'kept', error });
        break;
      }
      outcomes.push({ key: item.key, kind: 'failed', error });
    }
  }
  return outcomes;
};

/** Applies outcomes to the current outbox (which may have grown while sending). */
export const applyOutcomes = (items: readonly OutboxItem[], outcomes: readonly SendOutcome[]): OutboxItem[] => {
  const byKey = new Map(outcomes.map((o) => [o.key, o]));
  return items.flatMap((item) => {
    const outcome = byKey.get(item.key);
    if (!outcome || outcome.kind === 'kept') return [item];
    if (outcome.kind === 'sent') return [];
    return [{ ...item, status: 'failed' as const, error: outcome.error }];
  });
};
