import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { DEFAULT_LOCALE } from '../i18n/config.ts';
import type { CallbackEvents } from './events.ts';
import { parseStringList } from '../string-list.ts';
import { awayAtCall, canCover, decideCallCover, isCallDue, type CallAgent } from './callback-cover.ts';
import { loadCallbackView, type CallbackView } from './callback-view.ts';
import { parseWorkingHours } from './slots.ts';
import { isUniqueViolation } from '../db/errors.ts';

/**
 * "Your agent will not be there at that time": the customer is told once, with who can make the call
 * instead (or that nobody can), and may take that cover, move the call, or write a request now.
 * Decided by lib/callbacks/callback-cover.ts; this file reads the facts and stores the answer.
 */

/** How many agents, best first, are looked at as covers for one call. */
const COVER_POOL = 200;

export const CALL_AGENT_SELECT = {
  id: true,
  active: true,
  status: true,
  connected: true,
  capability: true,
  languages: true,
  skills: true,
  workingHours: true,
  timeZone: true,
} as const;

type CallAgentRow = { id: string; active: boolean; status: string; connected: boolean; capability: number; languages: string; skills: string; workingHours: string; timeZone: string };

export const toCallAgent = (r: CallAgentRow): CallAgent => ({
  id: r.id,
  active: r.active,
  status: r.status,
  connected: r.connected,
  capability: r.capability,
  languages: parseStringList(r.languages),
  skills: parseStringList(r.skills),
  hours: parseWorkingHours(r.workingHours),
  timeZone: r.timeZone,
});

/** Who could cover a call at `at`: active agents, best first; only those available now when the call is due. */
const loadCoverPool = async (db: Db, at: Date, due: boolean) => {
  const rows = await db.agent.findMany({
    where: { active: true, ...(due ? { status: 'online', connected: true } : {}) },
    orderBy: [{ capability: 'desc' }, { id: 'asc' }],
    select: CALL_AGENT_SELECT,
    take: COVER_POOL,
  });
  const taken = await db.callback.findMany({ where: { status: 'booked', at, agentId: { in: rows.map((r) => r.id) } }, select: { agentId: true } });
  return { candidates: rows.map(toCallAgent), takenAt: new Set(taken.map((t) => t.agentId)) };
};

export type ReviewedCall = {
  id: string;
  agentId: string;
  customerId: string;
  at: Date;
  awayToldAt: Date | null;
  awayReason: string | null;
  coverAgentId: string | null;
  customer: { locale: string | null };
};

/**
 * Decides for one booked call and stores what the customer is told; both sides hear a change.
 * `once`: only when nobody was told yet (the sweep; the claim makes it once across instances).
 * Otherwise (the agent changed their hours) the notice is brought up to date, or withdrawn when the
 * agent works at that time again. Returns the new view, or null when nothing changed.
 */
export const reviewCall = async (opts: { db: Db; notify: CallbackEvents; call: ReviewedCall; bound: CallAgent; now: Date; leadMs: number; once?: boolean }): Promise<CallbackView | null> => {
  const { db, call, now, leadMs } = opts;
  const told = call.awayToldAt !== null;
  // The common case (the agent will be there, nobody was told) reads nothing more.
  const away = awayAtCall(opts.bound, call.at, now, leadMs);
  if (away === null && !told) return null;
  const { candidates, takenAt } = away ? await loadCoverPool(db, call.at, isCallDue(call.at, now, leadMs)) : { candidates: [], takenAt: new Set<string>() };
  const d = decideCallCover({ bound: opts.bound, candidates, call: { at: call.at, locale: call.customer.locale ?? DEFAULT_LOCALE }, takenAt, now, leadMs });
  if (d.away === null ? !told : told && call.awayReason === d.away && call.coverAgentId === d.coverId) return null;
  const { count } = await db.callback.updateMany({
    where: { id: call.id, status: 'booked', agentId: call.agentId, ...(opts.once ? { awayToldAt: null } : {}) },
    data: d.away === null ? { awayToldAt: null, awayReason: null, coverAgentId: null } : { awayToldAt: now, awayReason: d.away, coverAgentId: d.coverId },
  });
  if (count !== 1) return null;
  const view = await loadCallbackView(db, call.id);
  opts.notify.callbackChanged({ agentId: call.agentId, customerId: call.customerId }, view);
  return view;
};

const REVIEWED_SELECT = { id: true, agentId: true, customerId: true, at: true, awayToldAt: true, awayReason: true, coverAgentId: true, customer: { select: { locale: true } } } as const;

/**
 * After an agent changed their working hours or zone: each of their upcoming calls is looked at
 * again, so a customer whose call now falls outside the hours is told at once (not when it is due).
 */
export const reviewAgentCallbacks = async (opts: { db: Db; notify: CallbackEvents; agentId: string; now?: Date; leadMs: number }): Promise<CallbackView[]> => {
  const now = opts.now ?? new Date();
  const agent = await opts.db.agent.findUnique({ where: { id: opts.agentId }, select: CALL_AGENT_SELECT });
  if (!agent) return [];
  const bound = toCallAgent(agent);
  const calls = await opts.db.callback.findMany({
    where: { agentId: opts.agentId, status: 'booked', at: { gt: now } },
    select: REVIEWED_SELECT,
    orderBy: { at: 'asc' },
    take: 500,
  });
  const changed: CallbackView[] = [];
  for (const call of calls) {
    const view = await reviewCall({ db: opts.db, notify: opts.notify, call, bound, now, leadMs: opts.leadMs });
    if (view) changed.push(view);
  }
  return changed;
};

const PRESENCE_REASONS = ['agent_away', 'agent_offline', 'agent_busy'];

/**
 * The agent is available again: "your agent is away" notices given for their presence (not their
 * hours, not their leaving) are withdrawn, so the customer is not told something that is no longer
 * true. If they go away again before the call, the sweep tells the customer again.
 */
export const withdrawPresenceNotices = async (opts: { db: Db; notify: CallbackEvents; agentId: string; now?: Date }): Promise<string[]> => {
  const now = opts.now ?? new Date();
  const told = await opts.db.callback.findMany({
    where: { agentId: opts.agentId, status: 'booked', awayToldAt: { not: null }, awayReason: { in: PRESENCE_REASONS }, at: { gt: new Date(now.getTime() - 3600_000) } },
    select: { id: true, awayToldAt: true },
  });
  const withdrawn: string[] = [];
  for (const c of told) {
    const { count } = await opts.db.callback.updateMany({
      where: { id: c.id, agentId: opts.agentId, status: 'booked', awayToldAt: c.awayToldAt },
      data: { awayToldAt: null, awayReason: null, coverAgentId: null },
    });
    if (count !== 1) continue;
    const view = await loadCallbackView(opts.db, c.id);
    opts.notify.callbackChanged({ agentId: opts.agentId, customerId: view.customer.id }, view);
    withdrawn.push(c.id);
  }
  return withdrawn;
};

/**
 * The customer takes the offered cover: the call moves to that agent (the binding does not change),
 * whose console hears it and who is reminded as for any call. The offer is checked again first; if
 * it no longer holds, the customer is told what can be offered now and gets a 409.
 */
export const takeCover = async (opts: { db: Db; notify: CallbackEvents; id: string; customerId: string; now?: Date; leadMs: number }): Promise<CallbackView> => {
  const { db, now = new Date(), leadMs } = opts;
  const call = await db.callback.findUnique({ where: { id: opts.id }, select: { ...REVIEWED_SELECT, status: true } });
  if (!call || call.customerId !== opts.customerId) throw new AppError('not_found', 'No such call among yours.', 'id');
  if (call.status !== 'booked') throw new AppError('conflict', 'This call is already closed.', 'id');
  if (!call.coverAgentId || call.awayToldAt === null) throw new AppError('conflict', 'No other agent is offered for this call.', 'cover');
  const [cover, taken] = await Promise.all([
    db.agent.findUnique({ where: { id: call.coverAgentId }, select: CALL_AGENT_SELECT }),
    db.callback.count({ where: { agentId: call.coverAgentId, status: 'booked', at: call.at } }),
  ]);
  const ctx = { call: { at: call.at, locale: call.customer.locale ?? DEFAULT_LOCALE }, boundId: call.agentId, takenAt: new Set(taken ? [call.coverAgentId] : []), now, leadMs };
  const gone = () => new AppError('conflict', 'That agent can no longer make this call. See what we can offer now.', 'cover');
  if (!cover || !canCover(toCallAgent(cover), ctx)) {
    const bound = await db.agent.findUniqueOrThrow({ where: { id: call.agentId }, select: CALL_AGENT_SELECT });
    await reviewCall({ db, notify: opts.notify, call, bound: toCallAgent(bound), now, leadMs });
    throw gone();
  }
  try {
    const { count } = await db.callback.updateMany({
      where: { id: call.id, status: 'booked', agentId: call.agentId, coverAgentId: cover.id },
      data: { agentId: cover.id, coverAgentId: null, awayToldAt: null, awayReason: null, remindedAt: null, changedBy: 'customer' },
    });
    if (count !== 1) throw gone();
  } catch (err) {
    // The cover was booked at that very time a moment ago (the one-call-per-slot index).
    if (isUniqueViolation(err)) throw gone();
    throw err;
  }
  const view = await loadCallbackView(db, call.id);
  // The agent it was booked with loses it from their upcoming calls; the cover gains it.
  opts.notify.callbackChanged({ agentId: call.agentId, customerId: call.customerId }, view);
  opts.notify.callbackChanged({ agentId: cover.id, customerId: call.customerId }, view);
  return view;
};
