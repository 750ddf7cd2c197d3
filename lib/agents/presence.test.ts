import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDb, makeAgent } from '../../test/helpers/db.ts';
import type { Db } from '../db/client.ts';
import { markAgentActive, markAgentConnected, markAgentDisconnected, presenceAfter, presenceOnReturn, setAgentStatus, startPresenceGrace, sweepPresence } from './presence.ts';

const cfg = { graceMs: 30_000, idleMs: 600_000 };
const at = (s: number) => new Date(Date.UTC(2026, 10, 24, 9, 0, 0) + s * 1000);

describe('presence rules (pure)', () => {
  it.each([
    ['connected and active', { status: 'online', autoAway: false, disconnectedAt: null, lastActiveAt: at(0) }, 60, null],
    ['blip shorter than grace', { status: 'online', autoAway: false, disconnectedAt: at(0), lastActiveAt: at(0) }, 29, null],
    ['last tab gone past grace', { status: 'online', autoAway: false, disconnectedAt: at(0), lastActiveAt: at(0) }, 30, { status: 'away', autoAway: true }],
    ['idle past the idle time', { status: 'online', autoAway: false, disconnectedAt: null, lastActiveAt: at(0) }, 600, { status: 'away', autoAway: true }],
    ['already away', { status: 'away', autoAway: false, disconnectedAt: at(0), lastActiveAt: at(0) }, 9999, null],
    ['offline by choice', { status: 'offline', autoAway: false, disconnectedAt: at(0), lastActiveAt: at(0) }, 9999, null],
    ['never connected (roster says online)', { status: 'online', autoAway: false, disconnectedAt: null, lastActiveAt: null }, 9999, null],
  ] as const)('%s', (_name, facts, seconds, expected) => {
    expect(presenceAfter(facts, at(seconds), cfg)).toEqual(expected);
  });

  it('only an automatic away turns back to online on return', () => {
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

  it('turns away after the grace period, and online again when a tab connects', async () => {
    const a = await makeAgent(db, { capability: 90 });
    await markAgentConnected({ db, agentId: a.id, now: at(0) });
    await markAgentDisconnected({ db, agentId: a.id, now: at(10) });
    expect(await sweepPresence({ db, now: at(39), config: cfg })).toEqual([]);
    expect(await sweepPresence({ db, now: at(40), config: cfg })).toEqual([{ agentId: a.id, status: 'away' }]);
    expect((await db.agent.findUniqueOrThrow({ where: { id: a.id } })).status).toBe('away');
    expect(await markAgentConnected({ db, agentId: a.id, now: at(50) })).toEqual({ agentId: a.id, status: 'online' });
  });

  it('a reconnect within the grace period keeps the agent online', async () => {
    const a = await makeAgent(db, { capability: 90 });
    await markAgentConnected({ db, agentId: a.id, now: at(0) });
    await markAgentDisconnected({ db, agentId: a.id, now: at(10) });
    await markAgentConnected({ db, agentId: a.id, now: at(15) });
    expect(await sweepPresence({ db, now: at(100), config: cfg })).toEqual([]);
  });

  it('idle agents turn away and come back when active; a chosen away stays', async () => {
    const a = await makeAgent(db, { capability: 90 });
    await markAgentConnected({ db, agentId: a.id, now: at(0) });
    expect(await sweepPresence({ db, now: at(600), config: cfg })).toEqual([{ agentId: a.id, status: 'away' }]);
    expect(await markAgentActive({ db, agentId: a.id, now: at(601) })).toEqual({ agentId: a.id, status: 'online' });
    await setAgentStatus({ db, agentId: a.id, status: 'away' });
    expect(await markAgentActive({ db, agentId: a.id, now: at(700) })).toBeNull();
    expect((await db.agent.findUniqueOrThrow({ where: { id: a.id } })).status).toBe('away');
    await expect(setAgentStatus({ db, agentId: a.id, status: 'busy' })).rejects.toMatchObject({ field: 'status' });
  });

  it('after a restart, agents who were connected get the grace period to come back; roster-online agents are left alone', async () => {
    const wasConnected = await makeAgent(db, { capability: 90 });
    const rosterOnly = await makeAgent(db, { capability: 80 });
    await markAgentConnected({ db, agentId: wasConnected.id, now: at(0) });
    expect(await startPresenceGrace({ db, now: at(100) })).toBe(1);
    expect(await sweepPresence({ db, now: at(131), config: { graceMs: 30_000, idleMs: 10_000_000 } })).toEqual([{ agentId: wasConnected.id, status: 'away' }]);
    expect((await db.agent.findUniqueOrThrow({ where: { id: rosterOnly.id } })).status).toBe('online');
  });
});
