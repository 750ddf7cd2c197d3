import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import type { RequestEvents } from './events.ts';
import { loadAgentFacts, loadCoverPool } from './agent-load.ts';
import { availabilityOf } from '../agents/presence.ts';
import { toAgentCard, type AgentCard } from '../agents/agent-card.ts';
import { canHop, DEFAULT_MAX_HOPS, isOfferExpired, pickCover } from './routing-policy.ts';
import { ALERT_INCLUDE, handlerOf, OPEN_STATUSES, toAlert, toRequestView, type ServiceRequestView } from './request-view.ts';
import { requestIdSchema } from './acknowledge-request.ts';
import { parseStringList } from '../string-list.ts';

type Moved = { moved: boolean; agentId: string | null; backToBound?: boolean };

/** Tells the agent it left, the one it reached, and the customer, after the write. */
const announce = async (db: Db, notify: RequestEvents, id: string, fromAgentId: string) => {
  const r = await db.serviceRequest.findUniqueOrThrow({ where: { id }, include: { ...ALERT_INCLUDE, agent: true } });
  if (fromAgentId !== r.agentId) notify.withdrawFromAgent(fromAgentId, r.id);
  if (r.offeredAt) notify.alertAgent(r.agentId, toAlert(r));
  notify.updateRequest(
    { agentId: r.agentId, customerId: r.customerId },
    { id: r.id, status: r.status as 'pending', agentId: r.agentId, cover: r.boundAgentId !== null && r.agentId !== r.boundAgentId, holdReason: r.holdReason, agent: handlerOf(r.agent) },
  );
};

/**
 * Moves an open request to the next best available cover (routing-policy.ts), never to one in its
 * excluded list, while it has hops left. When nobody fits (or no hop is left) it goes back to wait
 * for the customer's exclusive agent — offered at once if they are available, held otherwise.
 * Every write is conditional on the request still being where we read it, so two sweeps (or a
 * sweep and an acknowledgement) cannot both move it.
 */
const handOver = async (opts: {
  db: Db;
  notify: RequestEvents;
  id: string;
  now: Date;
  maxHops: number;
  /** also exclude the agent it is leaving (timeout, decline) */
  excludeCurrent: boolean;
  /** an agent who leaves hands over what they had acknowledged too */
  includeAcknowledged?: boolean;
  /** the customer asked for help now: a cover or nothing, never back to the bound agent */
  coverOnly?: boolean;
}): Promise<Moved> => {
  const { db, notify, now } = opts;
  const r = await db.serviceRequest.findUnique({ where: { id: opts.id } });
  const movable = r && (r.status === 'pending' || r.status === 'delivered' || (opts.includeAcknowledged && r.status === 'acknowledged'));
  if (!r || !movable) return { moved: false, agentId: null };
  const excluded = parseStringList(r.excludedAgentIds);
  const nextExcluded = opts.excludeCurrent && !excluded.includes(r.agentId) ? [...excluded, r.agentId] : excluded;
  const bound = r.boundAgentId ? await loadAgentFacts(db, r.boundAgentId) : null;
  const same = { id: r.id, agentId: r.agentId, status: r.status, offeredAt: r.offeredAt };

  const cover = canHop(r, opts.maxHops)
    ? pickCover(await loadCoverPool(db), { locale: r.locale, skills: bound?.skills ?? [], excluded: [...nextExcluded, r.agentId, ...(bound ? [bound.id] : [])] })
    : null;
  if (cover) {
    const { count } = await db.serviceRequest.updateMany({
      where: same,
      data: { agentId: cover, status: 'pending', deliveredAt: null, acknowledgedAt: null, offeredAt: now, firstOfferedAt: r.firstOfferedAt ?? now, holdReason: null, hops: { increment: 1 }, excludedAgentIds: JSON.stringify(nextExcluded), waitForBound: false },
    });
    if (!count) return { moved: false, agentId: null };
    await announce(db, notify, r.id, r.agentId);
    return { moved: true, agentId: cover };
  }
  if (opts.coverOnly) return { moved: false, agentId: null };

  // Nobody else fits. Back to the exclusive agent when it has left them; otherwise (it is theirs,
  // or they left the team) it stays where it is: offered again if the holder can take it, held if not.
  if (bound && bound.active && r.agentId !== bound.id) {
    const a = availabilityOf(bound);
    const { count } = await db.serviceRequest.updateMany({
      where: same,
      data: {
        agentId: bound.id,
        status: 'pending',
        deliveredAt: null,
        acknowledgedAt: null,
        offeredAt: a.available ? now : null,
        firstOfferedAt: a.available ? (r.firstOfferedAt ?? now) : r.firstOfferedAt,
        holdReason: a.available ? null : a.reason,
        excludedAgentIds: JSON.stringify(nextExcluded),
      },
    });
    if (!count) return { moved: false, agentId: null };
    await announce(db, notify, r.id, r.agentId);
    return { moved: true, agentId: bound.id, backToBound: true };
  }
  if (r.status === 'acknowledged') return { moved: false, agentId: null };
  const holder = r.agentId === bound?.id ? bound : await loadAgentFacts(db, r.agentId);
  const a = holder ? availabilityOf(holder) : ({ available: false, reason: 'agent_left' } as const);
  const { count } = await db.serviceRequest.updateMany({
    where: same,
    data: a.available ? { offeredAt: now, firstOfferedAt: r.firstOfferedAt ?? now, excludedAgentIds: JSON.stringify(nextExcluded) } : { offeredAt: null, holdReason: a.reason, excludedAgentIds: JSON.stringify(nextExcluded) },
  });
  // The timer starts again with a fresh alert (bounded: one per accept timeout), or the customer is told it waits.
  if (count) await announce(db, notify, r.id, r.agentId);
  return { moved: false, agentId: null };
};

/** Offers not acknowledged within the accept timeout move on (timers from stored timestamps). */
export const reassignExpiredOffers = async (opts: { db: Db; notify: RequestEvents; acceptTimeoutMs: number; maxHops?: number; now?: Date }): Promise<string[]> => {
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
    const result = await handOver({ db: opts.db, notify: opts.notify, id: r.id, now, maxHops: opts.maxHops ?? DEFAULT_MAX_HOPS, excludeCurrent: true });
    if (result.moved) moved.push(r.id);
  }
  return moved;
};

/** The offered agent says "not me": it moves at once, and never comes back to them. */
export const declineRequest = async (opts: { db: Db; notify: RequestEvents; agentId: string; input: unknown; maxHops?: number; now?: Date }): Promise<ServiceRequestView> => {
  const { id } = requestIdSchema.parse(opts.input);
  const r = await opts.db.serviceRequest.findUnique({ where: { id } });
  if (!r || r.agentId !== opts.agentId) throw new AppError('not_found', 'No such request among yours.', 'id');
  if (r.status === 'acknowledged' || r.status === 'resolved') throw new AppError('conflict', 'You have already taken this request.', 'id');
  const { moved } = await handOver({ db: opts.db, notify: opts.notify, id, now: opts.now ?? new Date(), maxHops: opts.maxHops ?? DEFAULT_MAX_HOPS, excludeCurrent: true });
  if (!moved) throw new AppError('no_cover', 'Nobody else is free right now; please take it or try again shortly.', 'id');
  return toRequestView(await opts.db.serviceRequest.findUniqueOrThrow({ where: { id } }));
};

const loadOwn = async (db: Db, customerId: string, input: unknown) => {
  const { id } = requestIdSchema.parse(input);
  const r = await db.serviceRequest.findUnique({ where: { id } });
  if (!r || r.customerId !== customerId) throw new AppError('not_found', 'No such request.', 'id');
  return r;
};

/**
 * The customer would rather not wait: the best available cover takes it; the binding does not
 * change. Only a request that waits for the exclusive agent can be handed on this way, so pressing
 * "help me now" again cannot bounce it from one agent to the next.
 */
export const takeCover = async (opts: { db: Db; notify: RequestEvents; customerId: string; input: unknown; maxHops?: number; now?: Date }): Promise<{ request: ServiceRequestView; agent: AgentCard }> => {
  const r = await loadOwn(opts.db, opts.customerId, opts.input);
  if (r.status !== 'pending' && r.status !== 'delivered') throw new AppError('conflict', 'An agent is already working on this request.', 'id');
  if (r.agentId !== r.boundAgentId) throw new AppError('conflict', 'Another agent is already helping with this request.', 'id');
  if (!r.holdReason) throw new AppError('conflict', 'Your agent has this request now.', 'id');
  const { moved, agentId } = await handOver({
    db: opts.db,
    notify: opts.notify,
    id: r.id,
    now: opts.now ?? new Date(),
    maxHops: opts.maxHops ?? DEFAULT_MAX_HOPS,
    excludeCurrent: false,
    coverOnly: true,
  });
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
export const rerouteOpenRequestsOf = async (opts: { db: Db; notify: RequestEvents; agentId: string; maxHops?: number; now?: Date }): Promise<string[]> => {
  const open = await opts.db.serviceRequest.findMany({
    where: { agentId: opts.agentId, status: { in: [...OPEN_STATUSES] } },
    select: { id: true },
  });
  const moved: string[] = [];
  for (const r of open) {
    // Someone leaving is not the customer's fault: it may move even with no hops left.
    const result = await handOver({ db: opts.db, notify: opts.notify, id: r.id, now: opts.now ?? new Date(), maxHops: Number.MAX_SAFE_INTEGER, excludeCurrent: true, includeAcknowledged: true });
    if (result.moved) moved.push(r.id);
  }
  return moved;
};

/**
 * The agent is no longer available: what was offered to them and not taken waits again for them if
 * they are the customer's own agent (the customer is told why), or moves on if they were covering.
 */
export const rerouteFromUnavailable = async (opts: { db: Db; notify: RequestEvents; agentId: string; maxHops?: number; now?: Date }): Promise<string[]> => {
  const { db, notify, agentId } = opts;
  const facts = await loadAgentFacts(db, agentId);
  if (!facts) return [];
  const a = availabilityOf(facts);
  if (a.available) return [];
  const offered = await db.serviceRequest.findMany({
    where: { agentId, status: { in: ['pending', 'delivered'] }, offeredAt: { not: null } },
    select: { id: true, boundAgentId: true, status: true, offeredAt: true },
  });
  const changed: string[] = [];
  for (const r of offered) {
    if (r.boundAgentId && r.boundAgentId !== agentId) {
      const result = await handOver({ db, notify, id: r.id, now: opts.now ?? new Date(), maxHops: opts.maxHops ?? DEFAULT_MAX_HOPS, excludeCurrent: true });
      if (result.moved) changed.push(r.id);
      continue;
    }
    const { count } = await db.serviceRequest.updateMany({ where: { id: r.id, agentId, status: r.status, offeredAt: r.offeredAt }, data: { offeredAt: null, holdReason: a.reason } });
    if (count) {
      await announce(db, notify, r.id, agentId);
      changed.push(r.id);
    }
  }
  return changed;
};
