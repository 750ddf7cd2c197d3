import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { text } from '../validation/text.ts';
import type { Notifier } from './notifier.ts';
import { MESSAGE_INCLUDE, THREAD_ORDER, toMessageView, type MessageAuthor, type RequestMessageView } from './request-view.ts';

/**
 * A request is a conversation: the customer and the handling agent add messages to it while it is
 * open, and both sides hear each one live (`service-request:message`), once, in the thread's order.
 */

export const MESSAGE_MAX = 2000;

// NFC, no control characters (a NUL used to vanish from a stored message), line breaks allowed.
export const messageBodySchema = z.object({
  body: text({ multiline: true }).pipe(z.string().min(1, 'is required').max(MESSAGE_MAX, `is too long (${MESSAGE_MAX} characters at most)`)),
});

/**
 * The thread is ordered by time then id. Two messages in the same millisecond (a quick reply to a
 * quick question) would then be ordered by their random ids: each new message is stamped at least
 * one millisecond after the last one, so the order is the order in which they were stored.
 */
export const stampAfterLast = async (db: Pick<Db, 'requestMessage'>, requestId: string, now: Date): Promise<Date> => {
  const last = await db.requestMessage.findFirst({ where: { requestId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { createdAt: true } });
  return last && last.createdAt.getTime() >= now.getTime() ? new Date(last.createdAt.getTime() + 1) : now;
};

/** Stores one message; the caller has checked that this author may write on this request. */
export const appendMessage = async (opts: {
  db: Db;
  requestId: string;
  author: MessageAuthor;
  agentId?: string;
  body: string;
  now: Date;
}): Promise<RequestMessageView> => {
  const createdAt = await stampAfterLast(opts.db, opts.requestId, opts.now);
  const row = await opts.db.requestMessage.create({
    data: { requestId: opts.requestId, author: opts.author, agentId: opts.agentId ?? null, body: opts.body, createdAt },
    include: MESSAGE_INCLUDE,
  });
  return toMessageView(row);
};

/** `POST /api/service-requests/{id}/messages`: the customer adds to their own open request. */
export const addCustomerMessage = async (opts: { db: Db; notify: Notifier; customerId: string; id: string; input: unknown; now?: Date }): Promise<RequestMessageView> => {
  const { body } = messageBodySchema.parse(opts.input);
  const r = await opts.db.serviceRequest.findUnique({ where: { id: opts.id }, select: { id: true, customerId: true, agentId: true, status: true } });
  // Someone else's request answers like a missing one.
  if (!r || r.customerId !== opts.customerId) throw new AppError('not_found', 'No such request.', 'id');
  if (r.status === 'resolved') throw new AppError('conflict', 'This request is resolved; please send a new one.', 'id');
  const message = await appendMessage({ db: opts.db, requestId: r.id, author: 'customer', body, now: opts.now ?? new Date() });
  // Whoever has it now hears it (a held request's agent reads the thread when it is offered).
  opts.notify.messageAdded({ agentId: r.agentId, customerId: r.customerId }, message);
  return message;
};

export const listMessages = async (opts: { db: Db; requestIds: string[] }) => {
  if (!opts.requestIds.length) return [];
  const rows = await opts.db.requestMessage.findMany({ where: { requestId: { in: opts.requestIds } }, orderBy: THREAD_ORDER, include: MESSAGE_INCLUDE });
  return rows.map(toMessageView);
};
