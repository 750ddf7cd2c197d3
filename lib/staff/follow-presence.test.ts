import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAgent, makeCustomer, useTestDb } from '../../test/helpers/db.ts';
import type { Db } from '../db/client.ts';
import { silentNotifier } from '../events/dispatcher.ts';
import type { Notifier } from '../events/types.ts';
import { beatInstance, registerConnection, sweepPresence } from '../agents/presence.ts';
import { reconcileConsoles } from './follow-presence.ts';

// Issue 26's storm (test/integration/storm.pg.test.ts): PostgreSQL away for longer than an instance's
// heartbeat may stay silent; the first sweep after it dropped the rows of another instance's consoles
// that never left, and every request for those agents was held from then on.
describe('an instance reconciles its consoles with their rows', () => {
  const testDb = useTestDb({ beforeEach, afterEach });
  let db: Db;
  let alerted: string[];
  let notify: Notifier;
  beforeEach(() => {
    db = testDb();
    alerted = [];
    notify = { ...silentNotifier, alertAgent: (_agentId, alert) => void alerted.push(alert.id) };
  });
  const cfg = { graceMs: 0, idleMs: 1e9 };

  it('a live console whose row a sweep dropped is registered again, and what was held meanwhile is offered', async () => {
    const a = await makeAgent(db, { capability: 90, connected: false });
    const past = new Date(Date.now() - 60_000);
    await beatInstance({ db, instanceId: 'inst-b', now: past });
    await registerConnection({ db, agentId: a.id, connectionId: 'sock-1', instanceId: 'inst-b', now: past });
    // The database was away: inst-b's heartbeat looks stale, its console's row goes, the agent looks gone.
    const changes = await sweepPresence({ db, config: cfg, staleMs: 15_000 });
    expect(changes).toMatchObject([{ agentId: a.id, available: false, reason: 'agent_offline' }]);
    expect(await db.agentConnection.count()).toBe(0);
    const c = await makeCustomer(db);
    const held = await db.serviceRequest.create({ data: { customerId: c.id, agentId: a.id, message: 'while taken for gone', idempotencyKey: 'held-key-1', holdReason: 'agent_offline' } });

    const live = () => [{ connectionId: 'sock-1', agentId: a.id, demo: false }];
    expect(await reconcileConsoles({ db, notify, instanceId: 'inst-b', live })).toEqual({ registered: 1, ended: 0 });
    expect(await db.agentConnection.findMany({ select: { id: true, instanceId: true } })).toEqual([{ id: 'sock-1', instanceId: 'inst-b' }]);
    expect(await db.agent.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ connected: true, disconnectedAt: null });
    expect(alerted).toEqual([held.id]);
    expect((await db.serviceRequest.findUniqueOrThrow({ where: { id: held.id } })).offeredAt).not.toBeNull();
    // Nothing left to do: the next heartbeat changes nothing.
    expect(await reconcileConsoles({ db, notify, instanceId: 'inst-b', live })).toEqual({ registered: 0, ended: 0 });
  });

  it("a row whose console has gone ends as its disconnect would have; another instance's rows are not touched", async () => {
    const a = await makeAgent(db, { capability: 90, connected: false });
    const b = await makeAgent(db, { capability: 80, connected: false });
    await registerConnection({ db, agentId: a.id, connectionId: 'gone-1', instanceId: 'inst-a' });
    await registerConnection({ db, agentId: b.id, connectionId: 'other-1', instanceId: 'inst-b' });
    expect(await reconcileConsoles({ db, notify, instanceId: 'inst-a', live: () => [] })).toEqual({ registered: 0, ended: 1 });
    expect((await db.agentConnection.findMany({ select: { id: true } })).map((r) => r.id)).toEqual(['other-1']);
    expect((await db.agent.findUniqueOrThrow({ where: { id: a.id } })).disconnectedAt).not.toBeNull();
    expect((await db.agent.findUniqueOrThrow({ where: { id: b.id } })).disconnectedAt).toBeNull();
  });

  it("a console registered by the reconciliation and by its own connect at once is one row, and neither fails", async () => {
    const a = await makeAgent(db, { capability: 90, connected: false });
    const live = () => [{ connectionId: 'sock-2', agentId: a.id, demo: false }];
    await Promise.all([
      reconcileConsoles({ db, notify, instanceId: 'inst-a', live }),
      registerConnection({ db, agentId: a.id, connectionId: 'sock-2', instanceId: 'inst-a' }),
    ]);
    await registerConnection({ db, agentId: a.id, connectionId: 'sock-2', instanceId: 'inst-a' });
    expect(await db.agentConnection.count({ where: { id: 'sock-2' } })).toBe(1);
  });
});
