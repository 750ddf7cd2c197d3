import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import type { AgentStatus } from './agent-card.ts';

/**
 * Presence: the status an agent sets (online / away / offline, patent S1) refined by the connection.
 *
 * | situation | becomes |
 * |---|---|
 * | online, last tab gone for longer than the grace period | away (auto) |
 * | online, no console activity for longer than the idle time | away (auto) |
 * | away (auto) and a tab connects or the agent is active again | online |
 * | away or offline set by the agent (or the roster) | stays until they change it |
 * | a reconnect within the grace period | nothing changes |
 *
 * Several tabs are one presence: only the last tab leaving starts the grace period.
 * Every rule reads stored timestamps, so a restart (or another instance) decides the same way.
 */

export type PresenceConfig = { graceMs: number; idleMs: number };

export type PresenceFacts = {
  status: AgentStatus;
  autoAway: boolean;
  disconnectedAt: Date | null;
  lastActiveAt: Date | null;
};

export type PresenceChange = { status: AgentStatus; autoAway: boolean } | null;

/** Pure: what the sweeper should change for one agent at `now` (null = nothing). */
export const presenceAfter = (a: PresenceFacts, now: Date, cfg: PresenceConfig): PresenceChange => {
  if (a.status !== 'online') return null;
  const t = now.getTime();
  if (a.disconnectedAt && t - a.disconnectedAt.getTime() >= cfg.graceMs) return { status: 'away', autoAway: true };
  if (a.lastActiveAt && t - a.lastActiveAt.getTime() >= cfg.idleMs) return { status: 'away', autoAway: true };
  return null;
};

/** Pure: a sign of life (tab connected, activity) brings back an agent the system had set away. */
export const presenceOnReturn = (a: Pick<PresenceFacts, 'status' | 'autoAway'>): PresenceChange =>
  a.status === 'away' && a.autoAway ? { status: 'online', autoAway: false } : null;

type Changed = { agentId: string; status: AgentStatus } | null;

export const markAgentConnected = async (opts: { db: Db; agentId: string; now?: Date }): Promise<Changed> => {
  const now = opts.now ?? new Date();
  const agent = await opts.db.agent.findUnique({ where: { id: opts.agentId } });
  if (!agent) return null;
  const change = presenceOnReturn({ status: agent.status as AgentStatus, autoAway: agent.autoAway });
  await opts.db.agent.update({
    where: { id: agent.id },
    data: { lastSeenAt: now, lastActiveAt: now, disconnectedAt: null, ...(change ?? {}) },
  });
  return change ? { agentId: agent.id, status: change.status } : null;
};

/** Called when the agent's last tab (on this server) has gone. */
export const markAgentDisconnected = async (opts: { db: Db; agentId: string; now?: Date }): Promise<void> => {
  const now = opts.now ?? new Date();
  await opts.db.agent.updateMany({ where: { id: opts.agentId }, data: { disconnectedAt: now, lastSeenAt: now } });
};

export const markAgentActive = async (opts: { db: Db; agentId: string; now?: Date }): Promise<Changed> => {
  const now = opts.now ?? new Date();
  const agent = await opts.db.agent.findUnique({ where: { id: opts.agentId }, select: { id: true, status: true, autoAway: true } });
  if (!agent) return null;
  const change = presenceOnReturn({ status: agent.status as AgentStatus, autoAway: agent.autoAway });
  await opts.db.agent.update({ where: { id: agent.id }, data: { lastActiveAt: now, ...(change ?? {}) } });
  return change ? { agentId: agent.id, status: change.status } : null;
};

export const AGENT_STATUSES = ['online', 'away', 'offline'] as const;

/** The agent (or the roster) sets a status on purpose: it is kept until changed on purpose. */
export const setAgentStatus = async (opts: { db: Db; agentId: string; status: unknown; now?: Date }): Promise<AgentStatus> => {
  if (typeof opts.status !== 'string' || !(AGENT_STATUSES as readonly string[]).includes(opts.status)) {
    throw new AppError('invalid_input', 'status must be online, away or offline', 'status');
  }
  const status = opts.status as AgentStatus;
  const now = opts.now ?? new Date();
  await opts.db.agent.update({
    where: { id: opts.agentId },
    data: { status, autoAway: false, ...(status === 'online' ? { lastActiveAt: now } : {}) },
  });
  return status;
};

/** Applies the grace and idle rules to every online agent; returns who changed. */
export const sweepPresence = async (opts: { db: Db; now?: Date; config: PresenceConfig }): Promise<{ agentId: string; status: AgentStatus }[]> => {
  const now = opts.now ?? new Date();
  const earliest = new Date(now.getTime() - Math.min(opts.config.graceMs, opts.config.idleMs));
  const candidates = await opts.db.agent.findMany({
    where: { status: 'online', OR: [{ disconnectedAt: { lte: earliest } }, { lastActiveAt: { lte: earliest } }] },
    select: { id: true, status: true, autoAway: true, disconnectedAt: true, lastActiveAt: true },
  });
  const changed: { agentId: string; status: AgentStatus }[] = [];
  for (const a of candidates) {
    const change = presenceAfter({ ...a, status: a.status as AgentStatus }, now, opts.config);
    if (!change) continue;
    // Conditional: an agent who came back between the read and this write keeps their status.
    const { count } = await opts.db.agent.updateMany({
      where: { id: a.id, status: 'online', disconnectedAt: a.disconnectedAt, lastActiveAt: a.lastActiveAt },
      data: change,
    });
    if (count) changed.push({ agentId: a.id, status: change.status });
  }
  return changed;
};

/**
 * At start-up nobody is connected to this process yet: agents who were connected to the previous
 * one get the same grace period to reconnect as after any other disconnect.
 */
export const startPresenceGrace = async (opts: { db: Db; now?: Date; connectedElsewhere?: Iterable<string> }): Promise<number> => {
  // Agents with a tab on another running instance are connected: no grace to start for them.
  const elsewhere = [...(opts.connectedElsewhere ?? [])];
  const { count } = await opts.db.agent.updateMany({
    where: { status: 'online', lastSeenAt: { not: null }, disconnectedAt: null, ...(elsewhere.length ? { id: { notIn: elsewhere } } : {}) },
    data: { disconnectedAt: opts.now ?? new Date() },
  });
  return count;
};
