import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAgent, makeCustomer, useTestDb } from '../../test/helpers/db.ts';
import { startMatch } from '../matching/match-session.ts';
import { silentNotifier } from '../events/dispatcher.ts';
import { JOBS } from '../jobs/jobs.ts';
import { runJob } from '../jobs/run-job.ts';
import { toAgentCard } from './agent-card.ts';
import type { Db } from '../db/client.ts';

const getDb = useTestDb({ beforeEach, afterEach });
const NOW = new Date('2026-11-30T12:00:00Z');
const MIN = 60_000;

/** `n` resolved requests of `agentId`, acknowledged after `ackMs`, each rated `stars`, `daysAgo` days before NOW. */
const history = async (db: Db, agentId: string, n: number, stars: number, ackMs: number, daysAgo = 1) => {
  const customer = await makeCustomer(db, { name: `Fan of ${agentId}` });
  for (let i = 0; i < n; i++) {
    const createdAt = new Date(NOW.getTime() - daysAgo * 24 * 3600_000 - i * MIN);
    const r = await db.serviceRequest.create({
      data: {
        customerId: customer.id, agentId, boundAgentId: agentId, message: 'help', status: 'resolved', idempotencyKey: `${agentId}-${daysAgo}-${i}`,
        createdAt, deliveredAt: createdAt, acknowledgedAt: new Date(createdAt.getTime() + ackMs), resolvedAt: new Date(createdAt.getTime() + 10 * MIN),
      },
    });
    await db.rating.create({ data: { requestId: r.id, customerId: customer.id, agentId, stars, createdAt, updatedAt: createdAt } });
  }
};

const runCapability = (db: Db, now: Date) => runJob({ db, notify: silentNotifier, job: 'capability', fn: JOBS.capability, trigger: 'cli', now: () => now });

describe('the capability job', () => {
  it('changes the matching order: the typed-in 90 falls behind an agent customers rate highly', async () => {
    const db = getDb();
    const typed = await makeAgent(db, { capability: 90, handle: 'typed' });
    const loved = await makeAgent(db, { capability: 50, handle: 'loved' });
    await history(db, loved.id, 30, 5, 40_000);
    expect((await startMatch({ db })).agent?.handle).toBe('typed');

    const run = await runCapability(db, NOW);
    expect(run).toMatchObject({ outcome: 'ran', run: { status: 'succeeded', counts: { agents: 2, changed: 2 } } });

    expect((await startMatch({ db })).agent?.handle).toBe('loved');
    const after = await db.agent.findMany({ orderBy: { handle: 'asc' } });
    expect(after.map((a) => [a.handle, a.capability])).toEqual([
      ['loved', 83], // 45.3 (Bayesian 4.63★) + 18.6 (acks in 40 s) + 19.4 (30 of 30 resolved) + 0
      ['typed', 57],
    ]);
    const card = toAgentCard(after[0]!);
    expect(card.why?.computedAt).toBe(NOW.toISOString());
    expect(card.why?.parts.map((p) => [p.key, p.value, p.count])).toEqual([
      ['rating', 5, 30],
      ['acknowledgement', 40_000, 30],
      ['resolution', 1, 30],
      ['gifts', 0, 0],
    ]);
    expect(typed.capability).toBe(90);
  });

  it('with an injected clock: what is older than the window no longer counts', async () => {
    const db = getDb();
    const agent = await makeAgent(db, { capability: 50 });
    await history(db, agent.id, 10, 1, 2 * 3600_000, 10);
    await runCapability(db, NOW);
    const low = (await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).capability;
    expect(low).toBeLessThan(45);
    await runCapability(db, new Date(NOW.getTime() + 85 * 24 * 3600_000));
    expect((await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).capability).toBe(57);
  });
});
