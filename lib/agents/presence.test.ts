import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDb, makeAgent } from '../../test/helpers/db.ts';
import type { Db } from '../db/client.ts';
import {
  availabilityOf,
  beatInstance,
  isConnected,
  isIdle,
  markAgentActive,
  presenceOnReturn,
  registerConnection,
  retireInstance,
  setAgentStatus,
  sweepPresence,
  unregisterConnection,
} from './presence.ts';

const cfg = { graceMs: 30_000, idleMs: 600_000 };
const at = (s: number) => new Date(Date.UTC(2026, 10, 24, 9, 0, 0) + s * 1000);

describe('availability = intention × connection (pure)', () => {
  it.each([
    // [chosen status, active, connected, open/max, → available, reason]
    ['online', true, true, [0, 5], true, null],
    ['online', true, false, [0, 5], false, 'agent_offline'],
    ['away', true, true, [0, 5], false, 'agent_away'],
    ['away', true, false, [0, 5], false, 'agent_away'],
    ['offline', true, true, [0, 5], false, 'agent_offline'],
    ['offline', true, false, [0, 5], false, 'agent_offline'],
    ['online', true, true, [5, 5], false, 'agent_busy'],
    ['online', false, true, [0, 5], false, 'agent_left'],
    ['offline', false, false, [0, 5], false, 'agent_left'],
  ] as const)('%s, active %s, connected %s, load %j → available %s (%s)', (status, active, connected, [openRequests, maxOpenRequests], available, reason) => {
    const a = availabilityOf({ status, active, connected, openRequests, maxOpenRequests });
    expect(a.available).toBe(available);
    expect(a.available ? null : a.reason).toBe(reason);
  });

  it.each([
    // live connections, seconds since the last one left (null = never left), now → connected
    [1, null, true],
    [2, 5, true],
    [0, 0, true],
    [0, 29, true],
    [0, 30, false],
    [0, 3600, false],
    [0, null, false],
  ] as const)('%i live connection(s), last left %s s ago → connected %s', (liveConnections, ago, expected) => {
    const disconnectedAt = ago === null ? null : at(0);
    expect(isConnected({ liveConnections, disconnectedAt }, at(ago ?? 0), cfg.graceMs)).toBe(expected);
  });

  it('idle only when online and quiet for the idle time; only an automatic away comes back by itself', () => {
    expect(isIdle({ status: 'online', lastActiveAt: at(0) }, at(599), cfg.idleMs)).toBe(false);
    expect(isIdle({ status: 'online', lastActiveAt: at(0) }, at(600), cfg.idleMs)).toBe(true);
    expect(isIdle({ status: 'away', lastActiveAt: at(0) }, at(9999), cfg.idleMs)).toBe(false);
    expect(presenceOnReturn({ status: 'away', autoAway: true })).toEqual({ status: 'online', autoAway: false });
    expect(presenceOnReturn({ status: 'away', autoAway: false })).toBeNull();
    expect(presenceOnReturn({ status: 'offline', autoAway: false })).toBeNull();
  });
});

describe('presence in the database', () => {
  const testDb = useTestDb({ beforeEach, afterEach });
  let db: Db;
  beforeEach(() => {
    db = testDb();
  });
  const agentRow = (id: string) => db.agent.findUniqueOrThrow({ where: { id } });

  it('an agent who chose online is available only once a console connects, and not after the grace period', async () => {
    const a = await makeAgent(db, { capability: 90, connected: false });
    const first = await registerConnection({ db, agentId: a.id, connectionId: 's1', instanceId: 'i1', now: at(0) });
    expect(first).toMatchObject({ wasAvailable: false, available: true });
    await unregisterConnection({ db, agentId: a.id, connectionId: 's1', now: at(10) });
    expect(await sweepPresence({ db, now: at(39), config: cfg, staleMs: 1e9 })).toEqual([]);
    expect(await sweepPresence({ db, now: at(40), config: cfg, staleMs: 1e9 })).toEqual([
      { agentId: a.id, status: 'online', wasAvailable: true, available: false, reason: 'agent_offline' },
    ]);
    // Their intention is kept: a console connecting makes them available again.
    expect((await agentRow(a.id)).status).toBe('online');
    expect(await registerConnection({ db, agentId: a.id, connectionId: 's2', instanceId: 'i1', now: at(50) })).toMatchObject({ available: true, wasAvailable: false });
  });

  it('only the last connection leaving starts the grace period', async () => {
    const a = await makeAgent(db, { capability: 90, connected: false });
    await registerConnection({ db, agentId: a.id, connectionId: 's1', instanceId: 'i1', now: at(0) });
    await registerConnection({ db, agentId: a.id, connectionId: 's2', instanceId: 'i2', now: at(1) });
    await unregisterConnection({ db, agentId: a.id, connectionId: 's1', now: at(10) });
    expect((await agentRow(a.id)).disconnectedAt).toBeNull();
    expect(await sweepPresence({ db, now: at(1000), config: { ...cfg, idleMs: 1e9 }, staleMs: 1e9 })).toEqual([]);
    await unregisterConnection({ db, agentId: a.id, connectionId: 's2', now: at(1001) });
    expect((await agentRow(a.id)).disconnectedAt).toEqual(at(1001));
    expect(await sweepPresence({ db, now: at(1031), config: { ...cfg, idleMs: 1e9 }, staleMs: 1e9 })).toHaveLength(1);
  });

  it('a reconnect within the grace period changes nothing', async () => {
    const a = await makeAgent(db, { capability: 90, connected: false });
    await registerConnection({ db, agentId: a.id, connectionId: 's1', instanceId: 'i1', now: at(0) });
    await unregisterConnection({ db, agentId: a.id, connectionId: 's1', now: at(10) });
    expect(await registerConnection({ db, agentId: a.id, connectionId: 's2', instanceId: 'i1', now: at(15) })).toMatchObject({ wasAvailable: true, available: true });
    expect(await sweepPresence({ db, now: at(100), config: cfg, staleMs: 1e9 })).toEqual([]);
  });

  it('choosing away or offline with the console open makes the agent unavailable at once', async () => {
    const a = await makeAgent(db, { capability: 90, connected: false });
    await registerConnection({ db, agentId: a.id, connectionId: 's1', instanceId: 'i1', now: at(0) });
    expect(await setAgentStatus({ db, agentId: a.id, status: 'offline' })).toMatchObject({ wasAvailable: true, available: false, reason: 'agent_offline' });
    expect(await setAgentStatus({ db, agentId: a.id, status: 'away' })).toMatchObject({ wasAvailable: false, available: false, reason: 'agent_away' });
    expect(await setAgentStatus({ db, agentId: a.id, status: 'online' })).toMatchObject({ wasAvailable: false, available: true });
    await expect(setAgentStatus({ db, agentId: a.id, status: 'busy' })).rejects.toMatchObject({ field: 'status' });
  });

  it('idle agents turn away and come back when active; a chosen away stays', async () => {
    const a = await makeAgent(db, { capability: 90, connected: false });
    await registerConnection({ db, agentId: a.id, connectionId: 's1', instanceId: 'i1', now: at(0) });
    expect(await sweepPresence({ db, now: at(600), config: cfg, staleMs: 1e9 })).toEqual([{ agentId: a.id, status: 'away', wasAvailable: true, available: false, reason: 'agent_away' }]);
    expect(await markAgentActive({ db, agentId: a.id, now: at(601) })).toMatchObject({ status: 'online', available: true });
    await setAgentStatus({ db, agentId: a.id, status: 'away' });
    expect(await markAgentActive({ db, agentId: a.id, now: at(700) })).toBeNull();
    expect((await agentRow(a.id)).status).toBe('away');
  });

  it("a dead instance's connections are dropped once its heartbeat is stale; a live one's are kept", async () => {
    const onDead = await makeAgent(db, { capability: 90, connected: false });
    const onLive = await makeAgent(db, { capability: 80, connected: false });
    await beatInstance({ db, instanceId: 'dead', now: at(0) });
    await beatInstance({ db, instanceId: 'live', now: at(0) });
    await registerConnection({ db, agentId: onDead.id, connectionId: 'd1', instanceId: 'dead', now: at(0) });
    await registerConnection({ db, agentId: onLive.id, connectionId: 'l1', instanceId: 'live', now: at(0) });
    await beatInstance({ db, instanceId: 'live', now: at(20) });
    // At 20 s the dead one has been silent for 20 s > 15 s: its agent gets the grace period from now.
    expect(await sweepPresence({ db, now: at(20), config: { ...cfg, idleMs: 1e9 }, staleMs: 15_000 })).toEqual([]);
    expect(await db.agentConnection.count({ where: { instanceId: 'dead' } })).toBe(0);
    expect((await agentRow(onDead.id)).disconnectedAt).toEqual(at(20));
    await beatInstance({ db, instanceId: 'live', now: at(50) });
    const changes = await sweepPresence({ db, now: at(50), config: { ...cfg, idleMs: 1e9 }, staleMs: 15_000 });
    expect(changes.map((c) => c.agentId)).toEqual([onDead.id]);
    expect((await agentRow(onLive.id)).connected).toBe(true);
  });

  it('an instance that stops cleanly hands its agents the grace period at once', async () => {
    const a = await makeAgent(db, { capability: 90, connected: false });
    await registerConnection({ db, agentId: a.id, connectionId: 's1', instanceId: 'i1', now: at(0) });
    await retireInstance({ db, instanceId: 'i1', now: at(5) });
    expect((await agentRow(a.id)).disconnectedAt).toEqual(at(5));
    expect(await sweepPresence({ db, now: at(35), config: { ...cfg, idleMs: 1e9 }, staleMs: 1e9 })).toHaveLength(1);
  });
});
