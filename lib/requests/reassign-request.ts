import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import type { Notifier } from '../realtime/notifier.ts';
import { loadCoverPool } from '../agents/workload.ts';
import { toAgentCard, type AgentCard } from '../agents/agent-card.ts';
import { isOfferExpired, pickCover } from './routing-policy.ts';
import { ALERT_INCLUDE, toAlert, toRequestView, type ServiceRequestView } from './request-view.ts';
import { requestIdSchema } from './acknowledge-request.ts';
import { parseStringList } from '../string-list.ts';

/**
 * Hands an open request to the next best available agent (routing-policy.ts), never to one in its
 * excluded list. The write is conditional on the request still being where we read it, so two
 * sweeps (or a sweep and an acknowledgement) cannot both move it.
 */
const handOver = async (opts: {
  db: Db;
  notify: Notifier;
  id: string;
  now: Date;
  /** also exclude the agent it is leaving (timeout, decline) */
  excludeCurrent: boolean;
  /** an agent who leaves hands over what they had acknowledged too */
  includeAcknowledged?: boolean;
}): Promise<{ moved: boolean; agentId: string | null }> => {
  const { db, notify, now } = opts;
  const r = await db.serviceRequest.findUnique({ where: { id: opts.id } });
  const movable = r && (r.status === 'pending' || r.status === 'delivered' || (opts.includeAcknowledged && r.status === 'acknowledged'));
  if (!r || !movable) return { moved: false, agentId: null };
  const excluded = parseStringList(r.excludedAgentIds);
  const nextExcluded = opts.excludeCurrent && !excluded.includes(r.agentId) ? [...excluded, r.agentId] : excluded;
  const cover = pickCover(await loadCoverPool(db), [...nextExcluded, r.agentId, ...(r.boundAgentId && !opts.excludeCurrent ? [r.boundAgentId] : [])]);
  if (!cover) return { moved: false, agentId: null };
  const { count } = await db.serviceRequest.updateMany({
    where: { id: r.id, agentId: r.agentId, status: r.status, offeredAt: r.offeredAt },
    data: { agentId: cover, status: 'pending', deliveredAt: null, acknowledgedAt: null, offeredAt: now, excludedAgentIds: JSON.stringify(nextExcluded), waitForBound: false },
  });
  if (!count) return { moved: false, agentId: null };
  const moved = await db.serviceRequest.findUniqueOrThrow({ where: { id: r.id }, include: ALERT_INCLUDE });
  notify.withdrawFromAgent(r.agentId, r.id);
  notify.alertAgent(cover, toAlert(moved));
  notify.updateRequest({ agentId: cover, customerId: r.customerId }, { id: r.id, status: 'pending', agentId: cover, cover: cover !== r.boundAgentId });
  return { moved: true, agentId: cover };
};

/** Offers not acknowledged within the accept timeout move to the next best agent (timers from stored timestamps). */
export const reassignExpiredOffers = async (opts: { db: Db; notify: Notifier; acceptTimeoutMs: number; now?: Date }): Promise<string[]> => {
  const now = opts.now ?? new Date();
  const due = await opts.db.serviceRequest.findMany({
    where: { status: { in: ['pending', 'delivered'] }, offeredAt: { lte: new Date(now.getTime() - opts.acceptTimeoutMs) } },
    select: { id: true, status: true, offeredAt: true },
    orderBy: { offeredAt: 'asc' },
    take: 100,
  });
  const moved: string[] = [];
  for (const r of due) {
    if (!isOfferExpired(r, now, opts.acceptTimeoutMs)) continue;
    if ((await handOver({ db: opts.db, notify: opts.notify, id: r.id, now, excludeCurrent: true })).moved) moved.push(r.id);
  }
  return moved;
};

/** The offered agent says "not me": it moves at once, and never comes back to them. */
export const declineRequest = async (opts: { db: Db; notify: Notifier; agentId: string; input: unknown; now?: Date }): Promise<ServiceRequestView> => {
  const { id } = requestIdSchema.parse(opts.input);
  const r = await opts.db.serviceRequest.findUnique({ where: { id } });
  if (!r || r.agentId !== opts.agentId) throw new AppError('not_found', 'No such request among yours.', 'id');
  if (r.status === 'acknowledged' || r.status === 'resolved') throw new AppError('conflict', 'You have already taken this request.', 'id');
  const { moved } = await handOver({ db: opts.db, notify: opts.notify, id, now: opts.now ?? new Date(), excludeCurrent: true });
  if (!moved) throw new AppError('no_cover', 'Nobody else is free right now; please take it or try again shortly.', 'id');
  return toRequestView(await opts.db.serviceRequest.findUniqueOrThrow({ where: { id } }));
};

const loadOwn = async (db: Db, customerId: string, input: unknown) => {
  const { id } = requestIdSchema.parse(input);
  const r = await db.serviceRequest.findUnique({ where: { id } });
  if (!r || r.customerId !== customerId) throw new AppError('not_found', 'No such request.', 'id');
  return r;
};

/** The customer would rather not wait: the next best available agent covers; the binding does not change. */
export const takeCover = async (opts: { db: Db; notify: Notifier; customerId: string; input: unknown; now?: Date }): Promise<{ request: ServiceRequestView; agent: AgentCard }> => {
  const r = await loadOwn(opts.db, opts.customerId, opts.input);
  if (r.status !== 'pending' && r.status !== 'delivered') throw new AppError('conflict', 'An agent is already working on this request.', 'id');
  const { moved, agentId } = await handOver({ db: opts.db, notify: opts.notify, id: r.id, now: opts.now ?? new Date(), excludeCurrent: false });
  if (!moved || !agentId) throw new AppError('no_cover', 'Nobody else is free right now. Your agent will get it as soon as they are back.', 'id');
  const agent = await opts.db.agent.findUniqueOrThrow({ where: { id: agentId } });
  return { request: toRequestView(await opts.db.serviceRequest.findUniqueOrThrow({ where: { id: r.id } })), agent: toAgentCard(agent) };
};

/** The customer chooses to wait for their own agent. */
export const waitForBoundAgent = async (opts: { db: Db; customerId: string; input: unknown }): Promise<ServiceRequestView> => {
  const r = await loadOwn(opts.db, opts.customerId, opts.input);
  return toRequestView(await opts.db.serviceRequest.update({ where: { id: r.id }, data: { waitForBound: true } }));
};

/** Open requests of an agent who left go to others (same rules as a timeout). */
export const rerouteOpenRequestsOf = async (opts: { db: Db; notify: Notifier; agentId: string; now?: Date }): Promise<string[]> => {
  const open = await opts.db.serviceRequest.findMany({
    where: { agentId: opts.agentId, status: { in: ['pending', 'delivered', 'acknowledged'] } },
    select: { id: true },
  });
  const moved: string[] = [];
  for (const r of open) {
    const result = await handOver({ db: opts.db, notify: opts.notify, id: r.id, now: opts.now ?? new Date(), excludeCurrent: true, includeAcknowledged: true });
    if (result.moved) moved.push(r.id);
  }
  return moved;
};
