import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { OPEN_STATUSES } from './request-view.ts';
import { customerMarksOf } from './customer-read.ts';
import { READS_FOR_CUSTOMER, readsOf, readUpToOf } from './read-thread.ts';
import { ATTACHMENT_SELECT } from '../uploads/view.ts';
import { ALERT_INCLUDE, MESSAGE_INCLUDE, THREAD_ORDER, handlerOf, toAlert, toMessageView, toRequestView } from './request-view.ts';

const WITH_MESSAGES = {
  messages: { orderBy: THREAD_ORDER, include: MESSAGE_INCLUDE },
};
/** What the customer sees: the thread and who has the request now. */
const FOR_CUSTOMER = { ...WITH_MESSAGES, agent: { select: { id: true, name: true, nameZh: true } }, reads: READS_FOR_CUSTOMER, attachments: { select: ATTACHMENT_SELECT } };

/** Requests offered to an agent that their screen has not confirmed yet (re-sent on every connect). Held ones wait. */
export const listUndelivered = async (opts: { db: Db; agentId: string }) => {
  const rows = await opts.db.serviceRequest.findMany({
    where: { agentId: opts.agentId, status: 'pending', offeredAt: { not: null } },
    orderBy: { createdAt: 'asc' },
    include: ALERT_INCLUDE,
  });
  return rows.map(toAlert);
};

/**
 * What the agent console lists: everything not yet resolved, oldest first, with the thread so far;
 * with `resolvedSince`, also what this agent resolved since then (the console's "resolved today").
 */
export const listOpenForAgent = async (opts: { db: Db; agentId: string; resolvedSince?: Date }) => {
  const rows = await opts.db.serviceRequest.findMany({
    where: {
      agentId: opts.agentId,
      OR: [{ status: { in: [...OPEN_STATUSES] } }, ...(opts.resolvedSince ? [{ status: 'resolved', resolvedAt: { gte: opts.resolvedSince } }] : [])],
    },
    orderBy: { createdAt: 'asc' },
    include: { ...ALERT_INCLUDE, ...WITH_MESSAGES, reads: readsOf(opts.agentId) },
    take: 200,
  });
  // readUpTo: how far this agent has read the customer's words (the console's unread counts);
  // customerDeliveredUpTo / customerReadUpTo: how far the customer's app has the agent's words (sent → delivered → read).
  return rows.map((r) => ({ ...toAlert(r), resolvedAt: r.resolvedAt?.toISOString() ?? null, messages: r.messages.map(toMessageView), readUpTo: readUpToOf(r.reads), ...customerMarksOf(r) }));
};

export const listForCustomer = async (opts: { db: Db; customerId: string; take?: number }) => {
  const rows = await opts.db.serviceRequest.findMany({
    where: { customerId: opts.customerId },
    orderBy: { createdAt: 'desc' },
    include: FOR_CUSTOMER,
    take: opts.take ?? 100,
  });
  return rows.map((r) => ({ ...toRequestView(r), agent: handlerOf(r.agent), messages: r.messages.map(toMessageView), readUpTo: readUpToOf(r.reads), ...customerMarksOf(r) }));
};

/** One request, to its owner only; someone else's id answers like a missing one. */
export const getRequestForCustomer = async (opts: { db: Db; customerId: string; id: string }) => {
  const r = await opts.db.serviceRequest.findUnique({ where: { id: opts.id }, include: FOR_CUSTOMER });
  if (!r || r.customerId !== opts.customerId) throw new AppError('not_found', 'No such request.', 'id');
  return { ...toRequestView(r), agent: handlerOf(r.agent), messages: r.messages.map(toMessageView), readUpTo: readUpToOf(r.reads), ...customerMarksOf(r) };
};
