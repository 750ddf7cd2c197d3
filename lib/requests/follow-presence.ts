import type { Db } from '../db/client.ts';
import { log } from '../log.ts';
import {
  markAgentActive,
  registerConnection,
  setAgentStatus,
  sweepPresence,
  unregisterConnection,
  type PresenceChange,
  type PresenceConfig,
} from '../agents/presence.ts';
import { loadAgentFacts } from '../agents/workload.ts';
import { availabilityOf } from '../agents/presence.ts';
import type { Notifier } from './notifier.ts';
import { ALERT_INCLUDE, handlerOf, toAlert } from './request-view.ts';
import { DEFAULT_MAX_HOPS } from './routing-policy.ts';
import { rerouteFromUnavailable } from './reassign-request.ts';
import { withdrawPresenceNotices } from '../callbacks/offer-cover.ts';

/**
 * Timers follow the agent, not the socket: whenever an agent becomes available — by any path (a
 * console connects, they choose online, they come back from idle) — the requests held for them are
 * offered and their accept timers start; whenever they stop being available, what was offered to
 * them and not taken waits again (or moves on, if it was a cover). lib/realtime and the HTTP routes
 * only turn events into these calls.
 */

/** Offers the requests held for an agent who is available now: alert, the accept timeout starts. */
export const offerHeldRequests = async (opts: { db: Db; notify: Notifier; agentId: string; now?: Date }): Promise<string[]> => {
  const { db, notify, agentId } = opts;
  // Oldest first, as many as their open-request limit leaves room for; the rest wait as "busy".
  // Usually nothing is held: this one indexed read is then all it costs (it runs after every resolve).
  const held = await db.serviceRequest.findMany({ where: { agentId, status: 'pending', offeredAt: null }, orderBy: { createdAt: 'asc' }, select: { id: true } });
  if (!held.length) return [];
  const facts = await loadAgentFacts(db, agentId);
  if (!facts || !availabilityOf(facts).available) return [];
  const now = opts.now ?? new Date();
  const room = Math.max(facts.maxOpenRequests - facts.openRequests, 0);
  const ids = held.slice(0, room).map((r) => r.id);
  const waiting = held.slice(room).map((r) => r.id);
  if (waiting.length) await db.serviceRequest.updateMany({ where: { id: { in: waiting }, offeredAt: null }, data: { holdReason: 'agent_busy' } });
  if (!ids.length) return [];
  await db.serviceRequest.updateMany({ where: { id: { in: ids }, agentId, status: 'pending', offeredAt: null }, data: { offeredAt: now, holdReason: null } });
  const rows = await db.serviceRequest.findMany({ where: { id: { in: ids }, agentId, offeredAt: now }, include: { ...ALERT_INCLUDE, agent: true }, orderBy: { createdAt: 'asc' } });
  for (const r of rows) {
    notify.alertAgent(agentId, toAlert(r));
    notify.updateRequest({ agentId, customerId: r.customerId }, { id: r.id, status: 'pending', agentId, cover: r.boundAgentId !== null && r.boundAgentId !== agentId, holdReason: null, agent: handlerOf(r.agent) });
  }
  return rows.map((r) => r.id);
};

/** Applies availability changes: presence is told, held work is offered, abandoned offers wait again. */
export const followPresence = async (opts: { db: Db; notify: Notifier; changes: (PresenceChange | null)[]; maxHops?: number; now?: Date }) => {
  for (const c of opts.changes) {
    if (!c) continue;
    opts.notify.agentPresence({ agentId: c.agentId, status: c.status, available: c.available, reason: c.reason });
    if (c.available && !c.wasAvailable) {
      await offerHeldRequests({ db: opts.db, notify: opts.notify, agentId: c.agentId, now: opts.now });
      await withdrawPresenceNotices({ db: opts.db, notify: opts.notify, agentId: c.agentId, now: opts.now });
      opts.notify.someoneAvailable();
    }
    if (!c.available && c.wasAvailable) {
      await rerouteFromUnavailable({ db: opts.db, notify: opts.notify, agentId: c.agentId, maxHops: opts.maxHops ?? DEFAULT_MAX_HOPS, now: opts.now });
    }
  }
};

type Ctx = { db: Db; notify: Notifier; maxHops?: number; now?: Date };

/** A console of the agent connected (one socket, on one instance). */
export const consoleConnected = async (opts: Ctx & { agentId: string; connectionId: string; instanceId: string; demo?: boolean }) => {
  const c = await registerConnection(opts);
  await followPresence({ ...opts, changes: [c] });
  return c;
};

/** A console of the agent went away; the grace period starts when it was the last one. */
export const consoleDisconnected = (opts: Ctx & { agentId: string; connectionId: string; demo?: boolean }) => unregisterConnection(opts);

/** The agent chose a status (console, HTTP, CLI): applies at once to matching and routing. */
export const changeAgentStatus = async (opts: Ctx & { agentId: string; status: unknown }) => {
  const c = await setAgentStatus(opts);
  await followPresence({ ...opts, changes: [c] });
  return c;
};

/** The agent is at the keyboard: an automatic away ends. */
export const agentActive = async (opts: Ctx & { agentId: string }) => {
  const c = await markAgentActive(opts);
  await followPresence({ ...opts, changes: [c] });
  return c;
};

/** The time rules (grace, idle, dead instances), then what follows from them. */
export const sweepPresenceAndFollow = async (opts: Ctx & { config: PresenceConfig }) => {
  const changes = await sweepPresence(opts);
  if (changes.length) log.info({ changes: changes.map((c) => ({ agentId: c.agentId, available: c.available, reason: c.reason })) }, 'presence changed');
  await followPresence({ ...opts, changes });
  return changes;
};
