import type { Db } from '../db/client.ts';
import { log } from '../log.ts';
import {
  diffInstanceConnections,
  markAgentActive,
  registerConnection,
  setAgentStatus,
  sweepPresence,
  unregisterConnection,
  type LiveConsole,
  type PresenceChange,
  type PresenceConfig,
} from '../agents/presence.ts';
import type { Notifier } from '../events/types.ts';
import { offerHeldRequests } from '../requests/offer-held.ts';
import { DEFAULT_MAX_HOPS } from '../requests/routing-policy.ts';
import { rerouteFromUnavailable } from '../requests/reassign-request.ts';
import { withdrawPresenceNotices } from '../callbacks/offer-cover.ts';

/**
 * Timers follow the agent, not the socket: whenever an agent becomes available — by any path (a
 * console connects, they choose online, they come back from idle) — the requests held for them are
 * offered and their accept timers start; whenever they stop being available, what was offered to
 * them and not taken waits again (or moves on, if it was a cover). lib/realtime and the HTTP routes
 * only turn events into these calls.
 */

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

/**
 * Every instance, on each heartbeat: its stored connection rows are made to match the consoles it
 * holds open (presence.ts diffInstanceConnections). A console whose row went missing is registered
 * again — the agent is connected again and what was held for them is offered — and a row whose
 * console has gone ends as a disconnect would have. So an agent whose console never left is never
 * taken for gone for longer than one heartbeat, whatever the database missed.
 */
export const reconcileConsoles = async (opts: Ctx & { instanceId: string; live: () => LiveConsole[] }) => {
  const { missing, gone } = await diffInstanceConnections(opts);
  for (const c of missing) {
    // A console that closed since is not registered again (its own disconnect has run or will run).
    if (!opts.live().some((l) => l.connectionId === c.connectionId)) continue;
    await consoleConnected({ ...opts, agentId: c.agentId, connectionId: c.connectionId, demo: c.demo });
  }
  for (const c of gone) await consoleDisconnected({ ...opts, agentId: c.agentId, connectionId: c.connectionId, demo: c.demo });
  if (missing.length || gone.length) {
    log.warn({ registered: missing.map((c) => c.connectionId), ended: gone.map((c) => c.connectionId) }, 'console rows reconciled with the live sockets');
  }
  return { registered: missing.length, ended: gone.length };
};

/** The time rules (grace, idle, dead instances), then what follows from them. */
export const sweepPresenceAndFollow = async (opts: Ctx & { config: PresenceConfig }) => {
  const changes = await sweepPresence(opts);
  if (changes.length) log.info({ changes: changes.map((c) => ({ agentId: c.agentId, available: c.available, reason: c.reason })) }, 'presence changed');
  await followPresence({ ...opts, changes });
  return changes;
};
