import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDb, makeAgent, makeCustomer } from '../../test/helpers/db.ts';
import type { Db } from '../db/client.ts';
import { skipCandidate, startMatch } from './match-session.ts';
import { chooseCandidate } from './choose-candidate.ts';
import { bindAgent } from '../binding/bind-agent.ts';
import { answerHandover } from '../staff/handover.ts';
import { deactivateAgent } from '../staff/deactivate-agent.ts';
import { silentNotifier } from '../events/dispatcher.ts';

const testDb = useTestDb({ beforeEach, afterEach });
let db: Db;
beforeEach(() => {
  db = testDb();
});

describe('matching (S2)', () => {
  it('shows the online agent of highest capability first; away, offline and inactive agents never', async () => {
    await makeAgent(db, { capability: 99, status: 'away' });
    await makeAgent(db, { capability: 98, status: 'offline' });
    await makeAgent(db, { capability: 97, status: 'online', active: false });
    const best = await makeAgent(db, { capability: 90 });
    await makeAgent(db, { capability: 70 });
    const match = await startMatch({ db });
    expect(match.agent?.id).toBe(best.id);
    expect(match.remaining).toBe(1);
  });

  it('breaks capability ties deterministically by id', async () => {
    await makeAgent(db, { capability: 80, id: 'agent-b' });
    await makeAgent(db, { capability: 80, id: 'agent-a' });
    expect((await startMatch({ db })).agent?.id).toBe('agent-a');
    expect((await startMatch({ db })).agent?.id).toBe('agent-a');
  });

  it('skip removes the shown agent from this query and shows the next best, until exhausted', async () => {
    const a = await makeAgent(db, { capability: 90 });
    const b = await makeAgent(db, { capability: 80 });
    const c = await makeAgent(db, { capability: 70 });
    const m = await startMatch({ db });
    expect(m.agent?.id).toBe(a.id);
    expect((await skipCandidate({ db, matchId: m.matchId })).agent?.id).toBe(b.id);
    expect((await skipCandidate({ db, matchId: m.matchId })).agent?.id).toBe(c.id);
    const end = await skipCandidate({ db, matchId: m.matchId });
    expect(end).toMatchObject({ agent: null, reason: 'all_skipped' });
    // A new query starts from the best again: skipping only affected that query's list.
    expect((await startMatch({ db })).agent?.id).toBe(a.id);
  });

  it('says nobody is online when the list is empty from the start', async () => {
    await makeAgent(db, { capability: 90, status: 'offline' });
    expect(await startMatch({ db })).toMatchObject({ agent: null, reason: 'none_online', remaining: 0 });
  });

  it('passes over a candidate who went offline after the query was made', async () => {
    const a = await makeAgent(db, { capability: 90 });
    const b = await makeAgent(db, { capability: 80 });
    const c = await makeAgent(db, { capability: 70 });
    const m = await startMatch({ db });
    expect(m.agent?.id).toBe(a.id);
    await db.agent.update({ where: { id: b.id }, data: { status: 'offline' } });
    expect((await skipCandidate({ db, matchId: m.matchId })).agent?.id).toBe(c.id);
  });

  it('the top candidates come from the (status, connected, capability DESC, id) index, not a sort of all agents', async () => {
    // The same query Prisma issues for rankedOnlineAgentIds; SQLite must walk the index in order.
    const plan = await db.$queryRawUnsafe<{ detail: string }[]>(
      `EXPLAIN QUERY PLAN SELECT "id" FROM "Agent" WHERE "status" = 'online' AND "connected" = 1 AND "active" = 1 ORDER BY "capability" DESC, "id" ASC LIMIT 100`,
    );
    const details = plan.map((p) => p.detail).join(' | ');
    expect(details).toContain('Agent_status_connected_capability_id_idx');
    expect(details).not.toContain('TEMP B-TREE');
  });

  it('an unknown match id is a 404 naming matchId', async () => {
    await expect(skipCandidate({ db, matchId: 'nope' })).rejects.toMatchObject({ code: 'not_found', field: 'matchId' });
  });
});

describe('choosing (S2 → S3)', () => {
  it('needs a customer who gave contact info', async () => {
    await makeAgent(db, { capability: 90 });
    const m = await startMatch({ db });
    await expect(chooseCandidate({ db, matchId: m.matchId, customerId: null })).rejects.toMatchObject({ code: 'customer_required' });
  });

  it('binds the candidate currently shown, with the customer contact info', async () => {
    await makeAgent(db, { capability: 90 });
    const second = await makeAgent(db, { capability: 80 });
    const customer = await makeCustomer(db, { phone: '+86 138 0013 8000', email: 'zs@example.com' });
    const m = await startMatch({ db, customerId: customer.id });
    await skipCandidate({ db, matchId: m.matchId, customerId: customer.id });
    const { binding, agent } = await chooseCandidate({ db, matchId: m.matchId, customerId: customer.id });
    expect(agent.id).toBe(second.id);
    expect(binding).toMatchObject({ agentId: second.id, customerId: customer.id, contact: { phone: '+86 138 0013 8000', email: 'zs@example.com' } });
    await expect(skipCandidate({ db, matchId: m.matchId, customerId: customer.id })).rejects.toMatchObject({ code: 'match_closed' });
  });

  it('refuses a candidate who went offline before the tap, without binding', async () => {
    const a = await makeAgent(db, { capability: 90 });
    const customer = await makeCustomer(db);
    const m = await startMatch({ db, customerId: customer.id });
    await db.agent.update({ where: { id: a.id }, data: { status: 'offline' } });
    await expect(chooseCandidate({ db, matchId: m.matchId, customerId: customer.id })).rejects.toMatchObject({ code: 'candidate_unavailable' });
    expect(await db.binding.count()).toBe(0);
  });

  it("refuses another customer's search", async () => {
    await makeAgent(db, { capability: 90 });
    const owner = await makeCustomer(db);
    const other = await makeCustomer(db);
    const m = await startMatch({ db, customerId: owner.id });
    await expect(chooseCandidate({ db, matchId: m.matchId, customerId: other.id })).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('capacity', () => {
  it('an agent at their limit of exclusive customers is not offered; below it again, they are', async () => {
    const full = await makeAgent(db, { capability: 99 });
    await db.agent.update({ where: { id: full.id }, data: { capacity: 1 } });
    const next = await makeAgent(db, { capability: 50 });
    const first = await makeCustomer(db);
    const m1 = await startMatch({ db, customerId: first.id });
    expect(m1.agent?.id).toBe(full.id);
    await chooseCandidate({ db, matchId: m1.matchId, customerId: first.id });
    const second = await makeCustomer(db);
    expect((await startMatch({ db, customerId: second.id })).agent?.id).toBe(next.id);
    // The first customer moves to the other agent: a place is free again.
    await db.$transaction((tx) => bindAgent({ tx, customerId: first.id, agentId: next.id }));
    expect((await startMatch({ db, customerId: second.id })).agent?.id).toBe(full.id);
  });

  it('the count matching reads follows bindings made, moved and ended (Agent.activeBindings)', async () => {
    const a = await makeAgent(db, { capability: 80 });
    const b = await makeAgent(db, { capability: 70 });
    const counts = async () => (await db.agent.findMany({ where: { id: { in: [a.id, b.id] } }, orderBy: { capability: 'desc' } })).map((x) => x.activeBindings);
    const c1 = await makeCustomer(db);
    const c2 = await makeCustomer(db);
    await db.$transaction((tx) => bindAgent({ tx, customerId: c1.id, agentId: a.id }));
    await db.$transaction((tx) => bindAgent({ tx, customerId: c2.id, agentId: a.id }));
    await db.$transaction((tx) => bindAgent({ tx, customerId: c2.id, agentId: a.id })); // the same again: nothing changes
    expect(await counts()).toEqual([2, 0]);
    await db.$transaction((tx) => bindAgent({ tx, customerId: c1.id, agentId: b.id }));
    expect(await counts()).toEqual([1, 1]);
    // Leaving keeps the customer's place while they are asked (pending handover); their answer gives it back.
    await deactivateAgent({ db, notify: silentNotifier, email: (await db.agent.findUniqueOrThrow({ where: { id: a.id } })).email });
    expect(await counts()).toEqual([1, 1]);
    await answerHandover({ db, notify: silentNotifier, customerId: c2.id, input: { answer: 'accept' } });
    expect(await counts()).toEqual([0, 2]);
    expect(await db.binding.count({ where: { agentId: b.id, endedAt: null } })).toBe(2);
  });
});
