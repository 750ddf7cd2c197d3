import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { text } from '../validation/text.ts';
import type { RequestEvents } from './events.ts';
import { IDEMPOTENCY_HEADER } from './create-request.ts';
import { MESSAGE_INCLUDE, THREAD_ORDER, toMessageView, type MessageAuthor, type RequestMessageView } from './request-view.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { attachmentTaken, attachUploads, checkAttachable, parseAttachmentIds } from '../uploads/uploads.ts';
import { ATTACHMENT_SELECT } from '../uploads/view.ts';

/**
 * A request is a conversation: the customer and the handling agent add messages to it while it is
 * open, and both sides hear each one live (`service-request:message`), once, in the thread's order.
 */

export const MESSAGE_MAX = 2000;

// NFC, no control characters (a NUL used to vanish from a stored message), line breaks allowed.
export const messageBodySchema = z.object({
  body: text({ multiline: true }).pipe(z.string().min(1, 'is required').max(MESSAGE_MAX, `is too long (${MESSAGE_MAX} characters at most)`)),
});

/** A customer's message: words, or files (issue 30) with or without words. */
const customerMessageSchema = z.object({
  body: text({ multiline: true }).pipe(z.string().max(MESSAGE_MAX, `is too long (${MESSAGE_MAX} characters at most)`)).default(''),
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
  idempotencyKey?: string;
  /** the customer's uploads sent with it: attached in the same transaction, or nothing is stored */
  attach?: { customerId: string; ids: readonly string[] };
  now: Date;
}): Promise<RequestMessageView> => {
  const write = async (db: Pick<Db, 'requestMessage' | 'upload'>) => {
    const createdAt = await stampAfterLast(db, opts.requestId, opts.now);
    const row = await db.requestMessage.create({
      data: { requestId: opts.requestId, author: opts.author, agentId: opts.agentId ?? null, body: opts.body, idempotencyKey: opts.idempotencyKey ?? null, createdAt },
      include: MESSAGE_INCLUDE,
    });
    if (!opts.attach?.ids.length) return toMessageView(row);
    if (!(await attachUploads(db, { customerId: opts.attach.customerId, ids: opts.attach.ids, to: { messageId: row.id }, now: opts.now }))) throw attachmentTaken();
    return toMessageView({ ...row, attachments: await db.upload.findMany({ where: { messageId: row.id }, select: ATTACHMENT_SELECT }) });
  };
  return opts.attach?.ids.length ? opts.db.$transaction((tx) => write(tx)) : write(opts.db);
};

const keySchema = z.string().trim().min(8).max(128).regex(/^[A-Za-z0-9_.:-]+$/);

/**
 * `POST /api/service-requests/{id}/messages`: the customer adds to their own open request.
 * With an Idempotency-Key (optional here, unlike for new requests), a retry after a lost answer gets
 * the stored message back and tells nobody again; the same key with other words is a conflict.
 */
export const addCustomerMessage = async (opts: {
  db: Db;
  notify: RequestEvents;
  customerId: string;
  id: string;
  input: unknown;
  idempotencyKey?: string | null;
  now?: Date;
}): Promise<{ message: RequestMessageView; created: boolean }> => {
  const { body } = customerMessageSchema.parse(opts.input);
  const attachments = parseAttachmentIds((opts.input as { attachments?: unknown } | null)?.attachments);
  if (!body && !attachments.length) throw new AppError('invalid_input', 'body: is required (words, or at least one file)', 'body');
  let key: string | undefined;
  if (opts.idempotencyKey != null) {
    const parsed = keySchema.safeParse(opts.idempotencyKey);
    if (!parsed.success) throw new AppError('invalid_input', `${IDEMPOTENCY_HEADER} must be 8–128 letters, digits, _ . : -`, IDEMPOTENCY_HEADER);
    key = parsed.data;
  }
  const r = await opts.db.serviceRequest.findUnique({ where: { id: opts.id }, select: { id: true, customerId: true, agentId: true, status: true } });
  // Someone else's request answers like a missing one.
  if (!r || r.customerId !== opts.customerId) throw new AppError('not_found', 'No such request.', 'id');

  const replay = async () => {
    if (!key) return null;
    const earlier = await opts.db.requestMessage.findUnique({ where: { requestId_idempotencyKey: { requestId: r.id, idempotencyKey: key } }, include: MESSAGE_INCLUDE });
    if (earlier && earlier.body !== body) throw new AppError('conflict', `This ${IDEMPOTENCY_HEADER} was already used for a different message.`, IDEMPOTENCY_HEADER);
    return earlier ? { message: toMessageView(earlier), created: false } : null;
  };
  // A retry is answered as the first try was, even if the request was resolved in between.
  const earlier = await replay();
  if (earlier) return earlier;
  if (r.status === 'resolved') throw new AppError('conflict', 'This request is resolved; please send a new one.', 'id');
  await checkAttachable(opts.db, opts.customerId, attachments);
  let message: RequestMessageView;
  try {
    message = await appendMessage({
      db: opts.db,
      requestId: r.id,
      author: 'customer',
      body,
      idempotencyKey: key,
      attach: { customerId: opts.customerId, ids: attachments },
      now: opts.now ?? new Date(),
    });
  } catch (err) {
    // Two tries with one key racing: the one that lost answers with the one that was stored.
    if (!isUniqueViolation(err)) throw err;
    const stored = await replay();
    if (!stored) throw err;
    return stored;
  }
  // Whoever has it now hears it (a held request's agent reads the thread when it is offered).
  opts.notify.messageAdded({ agentId: r.agentId, customerId: r.customerId }, message);
  return { message, created: true };
};

export const listMessages = async (opts: { db: Db; requestIds: string[] }) => {
  if (!opts.requestIds.length) return [];
  const rows = await opts.db.requestMessage.findMany({ where: { requestId: { in: opts.requestIds } }, orderBy: THREAD_ORDER, include: MESSAGE_INCLUDE });
  return rows.map(toMessageView);
};
