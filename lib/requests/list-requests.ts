import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { toAlert, toRequestView } from './request-view.ts';

/** Requests routed to an agent that their screen has not confirmed yet (re-sent on every connect). */
export const listUndelivered = async (opts: { db: Db; agentId: string }) => {
  const rows = await opts.db.serviceRequest.findMany({
    where: { agentId: opts.agentId, status: 'pending' },
    orderBy: { createdAt: 'asc' },
    include: { customer: true },
  });
  return rows.map(toAlert);
};

/** What the agent console lists: everything not yet resolved, oldest first. */
export const listOpenForAgent = async (opts: { db: Db; agentId: string }) => {
  const rows = await opts.db.serviceRequest.findMany({
    where: { agentId: opts.agentId, status: { in: ['pending', 'delivered', 'acknowledged'] } },
    orderBy: { createdAt: 'asc' },
    include: { customer: true },
    take: 200,
  });
  return rows.map(toAlert);
};

export const listForCustomer = async (opts: { db: Db; customerId: string }) => {
  const rows = await opts.db.serviceRequest.findMany({
    where: { customerId: opts.customerId },
    orderBy: { createdAt: 'desc' },
    take: 100,
  });
  return rows.map(toRequestView);
};

/** One request, to its owner only; someone else's id answers like a missing one. */
export const getRequestForCustomer = async (opts: { db: Db; customerId: string; id: string }) => {
  const r = await opts.db.serviceRequest.findUnique({ where: { id: opts.id } });
  if (!r || r.customerId !== opts.customerId) throw new AppError('not_found', 'No such request.', 'id');
  return toRequestView(r);
};
