import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { AgentStatus } from './agent-card.ts';

/**
 * Presence = intention × connection.
 *
 * An agent is *available* only when all of these hold:
 *
 * | fact | where it comes from |
 * |---|---|
 * | active (still on the team) | roster / `npm run agent` |
 * | status `online` (their intention) | the agent's own choice in the console; `away` (auto) after idling |
 * | connected | at least one console connection is live — `AgentConnection` rows, one per socket, on any instance — or the last one left less than the grace period ago (a reload or a network blip) |
 *
 * | situation | becomes |
 * |---|---|
 * | a console connects | connected (and an automatic away turns online again) |
 * | the last connection leaves | still connected for the grace period, then not connected |
 * | an instance dies without saying so | its connections are dropped once its heartbeat is stale |
 * | online, no console activity for longer than the idle time | away (auto) |
 * | away or offline set by the agent | stays until they change it |
 *
 * Everything is read from the database, never from one process's memory, so several instances
 * (and a restart) decide alike. `connected` is stored on the agent only so the matching query can
 * use an index; it is derived from the connection rows by the functions below.
 */

export type PresenceConfig = { graceMs: number; idleMs: number };

export type UnavailableReason = 'agent_away' | 'agent_offline' | 'agent_busy' | 'agent_left';

export type AvailabilityFacts = {
  active: boolean;
  status: string;
  connected: boolean;
  openRequests?: number;
  maxOpenRequests?: number;
};

/** Pure: can this agent take work now, and if not, why (in the words the customer is told). */
export const availabilityOf = (a: AvailabilityFacts): { available: true } | { available: false; reason: UnavailableReason } => {
  if (!a.active) return { available: false, reason: 'agent_left' };
  if (a.status === 'offline') return { available: false, reason: 'agent_offline' };
  if (a.status !== 'online') return { available: false, reason: 'agent_away' };
  // Chose online but no console is open: nobody is there to answer.
  if (!a.connected) return { available: false, reason: 'agent_offline' };
  if (a.openRequests !== undefined && a.maxOpenRequests !== undefined && a.openRequests >= a.maxOpenRequests) {
    return { available: false, reason: 'agent_busy' };
  }
  return { available: true };
};

export const isAgentAvailable = (a: AvailabilityFacts): boolean => availabilityOf(a).available;

/** Pure: is an agent connected, given their live connections and when the last one left. */
export const isConnected = (c: { liveConnections: number; disconnectedAt: Date | null }, now: Date, graceMs: number): boolean =>
  c.liveConnections > 0 || (c.disconnectedAt !== null && now.getTime() - c.disconnectedAt.getTime() < graceMs);

/** Pure: an online agent idle for longer than the idle time is set away by the system. */
export const isIdle = (a: { status: string; lastActiveAt: Date | null }, now: Date, idleMs: number): boolean =>
  a.status === 'online' && a.lastActiveAt !== null && now.getTime() - a.lastActiveAt.getTime() >= idleMs;

/** Pure: a sign of life (tab connected, activity) brings back an agent the system had set away. */
export const presenceOnReturn = (a: { status: string; autoAway: boolean }): { status: AgentStatus; autoAway: boolean } | null =>
  a.status === 'away' && a.autoAway ? { status: 'online', autoAway: false } : null;

/** What changed for one agent: the domain follows availability changes (lib/staff/follow-presence.ts). */
export type PresenceChange = {
  agentId: string;
  status: AgentStatus;
  wasAvailable: boolean;
  available: boolean;
  reason: UnavailableReason | null;
};

const SELECT = { id: true, active: true, status: true, connected: true } as const;
type Snapshot = { id: string; active: boolean; status: string; connected: boolean };

const change = (before: Snapshot, after: Snapshot): PresenceChange => {
  const a = availabilityOf(after);
  return {
    agentId: after.id,
    status: after.status as AgentStatus,
    wasAvailable: isAgentAvailable(before),
    available: a.available,
    reason: a.available ? null : a.reason,
  };
};

/** A console connection opened (one socket). */
export const registerConnection = async (opts: { db: Db; agentId: string; connectionId: string; instanceId: string; demo?: boolean; now?: Date }): Promise<PresenceChange | null> => {
  const now = opts.now ?? new Date();
  const before = await opts.db.agent.findUnique({ where: { id: opts.agentId }, select: { ...SELECT, autoAway: true } });
  if (!before) return null;
  const back = presenceOnReturn(before);
  // Row first, then the agent: no transaction on this path (under load a transaction waits for the
  // one SQLite connection and times out). A crash between the two leaves a row the sweep reconciles.
  try {
    await opts.db.agentConnection.createMany({
      data: [{ id: opts.connectionId, agentId: opts.agentId, instanceId: opts.instanceId, connectedAt: now, demo: opts.demo === true }],
    });
  } catch (err) {
    // Written already (the instance's reconciliation and the socket's own connect met): one row it is.
    if (!isUniqueViolation(err)) throw err;
  }
  const after = await opts.db.agent.update({
    where: { id: opts.agentId },
    data: { connected: true, disconnectedAt: null, lastSeenAt: now, lastActiveAt: now, ...(back ?? {}) },
    select: SELECT,
  });
  return change(before, after);
};

/**
 * A console connection closed. The agent stays connected for the grace period after their last
 * connection leaves (a reload must not make them unavailable); the sweep ends it.
 */
export const unregisterConnection = async (opts: { db: Db; agentId: string; connectionId: string; demo?: boolean; now?: Date }): Promise<void> => {
  const now = opts.now ?? new Date();
  await opts.db.agentConnection.deleteMany({ where: { id: opts.connectionId } });
  // The real person's console left: the demo crowd keeps out of this account for the grace period (demo-consoles.ts).
  if (!opts.demo) await opts.db.agent.updateMany({ where: { id: opts.agentId }, data: { humanLeftAt: now } });
  const left = await opts.db.agentConnection.count({ where: { agentId: opts.agentId } });
  if (left === 0) {
    await opts.db.agent.updateMany({ where: { id: opts.agentId, disconnectedAt: null }, data: { disconnectedAt: now, lastSeenAt: now } });
  }
};

export const markAgentActive = async (opts: { db: Db; agentId: string; now?: Date }): Promise<PresenceChange | null> => {
  const now = opts.now ?? new Date();
  const before = await opts.db.agent.findUnique({ where: { id: opts.agentId }, select: { ...SELECT, autoAway: true } });
  if (!before) return null;
  const back = presenceOnReturn(before);
  const after = await opts.db.agent.update({ where: { id: before.id }, data: { lastActiveAt: now, ...(back ?? {}) }, select: SELECT });
  return back ? change(before, after) : null;
};

export const AGENT_STATUSES = ['online', 'away', 'offline'] as const;

/** The agent (or an admin) sets a status on purpose: it is kept until changed on purpose. */
export const setAgentStatus = async (opts: { db: Db; agentId: string; status: unknown; now?: Date }): Promise<PresenceChange> => {
  if (typeof opts.status !== 'string' || !(AGENT_STATUSES as readonly string[]).includes(opts.status)) {
    throw new AppError('invalid_input', 'status must be online, away or offline', 'status');
  }
  const status = opts.status as AgentStatus;
  const now = opts.now ?? new Date();
  const before = await opts.db.agent.findUnique({ where: { id: opts.agentId }, select: SELECT });
  if (!before) throw new AppError('not_found', 'No such agent.', 'agent');
  const after = await opts.db.agent.update({
    where: { id: opts.agentId },
    data: { status, autoAway: false, ...(status === 'online' ? { lastActiveAt: now } : {}) },
    select: SELECT,
  });
  return change(before, after);
};

/** How often an instance says it is alive, and when silence means it died. */
export const HEARTBEAT_MS = 5_000;
export const INSTANCE_STALE_MS = 3 * HEARTBEAT_MS;

export const beatInstance = async (opts: { db: Db; instanceId: string; now?: Date }): Promise<void> => {
  const now = opts.now ?? new Date();
  await opts.db.realtimeInstance.upsert({ where: { id: opts.instanceId }, create: { id: opts.instanceId, startedAt: now, beatAt: now }, update: { beatAt: now } });
};

/** One live console as its instance knows it (a socket it holds open). */
export type LiveConsole = { connectionId: string; agentId: string; demo: boolean };

/**
 * An instance's own account of its live consoles against the stored rows. Rows follow sockets, but
 * a write can miss while the database is away: a sweep that found this instance's heartbeat stale
 * after an outage longer than INSTANCE_STALE_MS dropped the rows of consoles that never left (their
 * agents then look gone and their requests are held), a console that connected while the database was
 * away has no row, and a row whose socket closed in the outage stays. Returns both differences; the
 * caller registers the missing (lib/staff/follow-presence.ts) and ends the gone.
 */
export const diffInstanceConnections = async (opts: {
  db: Db;
  instanceId: string;
  /** the consoles open now; read after the rows, so a console that connects meanwhile is never taken for gone */
  live: () => LiveConsole[];
}): Promise<{ missing: LiveConsole[]; gone: LiveConsole[] }> => {
  const rows = await opts.db.agentConnection.findMany({ where: { instanceId: opts.instanceId }, select: { id: true, agentId: true, demo: true } });
  const open = opts.live();
  const stored = new Set(rows.map((r) => r.id));
  const live = new Set(open.map((c) => c.connectionId));
  return {
    missing: open.filter((c) => !stored.has(c.connectionId)),
    gone: rows.filter((r) => !live.has(r.id)).map((r) => ({ connectionId: r.id, agentId: r.agentId, demo: r.demo })),
  };
};

/** An instance that shuts down cleanly hands its agents the grace period at once. */
export const retireInstance = async (opts: { db: Db; instanceId: string; now?: Date }): Promise<void> => {
  const now = opts.now ?? new Date();
  const rows = await opts.db.agentConnection.findMany({ where: { instanceId: opts.instanceId }, select: { agentId: true, demo: true } });
  await opts.db.agentConnection.deleteMany({ where: { instanceId: opts.instanceId } });
  await opts.db.realtimeInstance.deleteMany({ where: { id: opts.instanceId } });
  const humans = [...new Set(rows.filter((r) => !r.demo).map((r) => r.agentId))];
  if (humans.length) await opts.db.agent.updateMany({ where: { id: { in: humans } }, data: { humanLeftAt: now } });
  await markOrphansDisconnected(opts.db, [...new Set(rows.map((r) => r.agentId))], now);
};

const markOrphansDisconnected = async (db: Db, agentIds: string[], now: Date) => {
  if (!agentIds.length) return;
  const still = new Set((await db.agentConnection.findMany({ where: { agentId: { in: agentIds } }, select: { agentId: true } })).map((r) => r.agentId));
  const orphans = agentIds.filter((id) => !still.has(id));
  if (orphans.length) await db.agent.updateMany({ where: { id: { in: orphans }, disconnectedAt: null }, data: { disconnectedAt: now } });
};

/**
 * The time rules, applied to stored facts: connections of dead instances are dropped, agents whose
 * last connection left more than the grace period ago are no longer connected, and online agents
 * idle for longer than the idle time turn away. Each write is conditional on what was read, so a
 * sweep racing a reconnect (or another instance's sweep) changes nothing twice.
 */
export const sweepPresence = async (opts: { db: Db; now?: Date; config: PresenceConfig; staleMs?: number }): Promise<PresenceChange[]> => {
  const { db, config } = opts;
  const now = opts.now ?? new Date();
  const dead = await db.realtimeInstance.findMany({ where: { beatAt: { lt: new Date(now.getTime() - (opts.staleMs ?? INSTANCE_STALE_MS)) } }, select: { id: true } });
  for (const { id } of dead) await retireInstance({ db, instanceId: id, now });

  // Marked connected with no connection row anywhere (e.g. an instance died before its first heartbeat): the grace period starts now.
  await db.agent.updateMany({ where: { connected: true, disconnectedAt: null, connections: { none: {} } }, data: { disconnectedAt: now } });

  const changes: PresenceChange[] = [];
  const gone = await db.agent.findMany({
    where: { connected: true, disconnectedAt: { lte: new Date(now.getTime() - config.graceMs) } },
    select: { ...SELECT, disconnectedAt: true },
  });
  for (const a of gone) {
    const live = await db.agentConnection.count({ where: { agentId: a.id } });
    if (isConnected({ liveConnections: live, disconnectedAt: a.disconnectedAt }, now, config.graceMs)) continue;
    const { count } = await db.agent.updateMany({ where: { id: a.id, connected: true, disconnectedAt: a.disconnectedAt }, data: { connected: false } });
    if (count) changes.push(change(a, { ...a, connected: false }));
  }

  const idle = await db.agent.findMany({
    where: { status: 'online', lastActiveAt: { lte: new Date(now.getTime() - config.idleMs) } },
    select: { ...SELECT, lastActiveAt: true },
  });
  for (const a of idle) {
    if (!isIdle(a, now, config.idleMs)) continue;
    const { count } = await db.agent.updateMany({ where: { id: a.id, status: 'online', lastActiveAt: a.lastActiveAt }, data: { status: 'away', autoAway: true } });
    if (count) changes.push(change(a, { ...a, status: 'away' }));
  }
  return changes;
};

/** Availability of one agent as the customer's app shows it. */
export const loadPresence = async (db: Db, agentId: string): Promise<PresenceChange | null> => {
  const a = await db.agent.findUnique({ where: { id: agentId }, select: SELECT });
  return a ? change(a, a) : null;
};
