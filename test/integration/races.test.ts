import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, printLogsOnFailure, startServer, type RunningServer } from '../helpers/server.ts';
import { scenario } from '../helpers/scenario.ts';
import { testProvider } from '../helpers/pg.ts';

// Issue 26: a rule holds when customers arrive at the same moment — on PostgreSQL (two instances, each
// with its own connection pool, calls alternating between them) as on SQLite. Each race runs several
// rounds with real concurrency. On the old code (count first, then write) PostgreSQL overran the limit or
// answered 500 on most rounds (docs/decisions.md, "Read-then-write paths"); the guards are
// lib/db/row-lock.ts and the conditional UPDATE of an agent's places (lib/binding/bind-agent.ts).
const TWO_INSTANCES = testProvider() === 'postgres';
let a: RunningServer;
let b: RunningServer | null = null;
afterEach(printLogsOnFailure(() => a));
const s = scenario(() => a);
afterEach(() => s.closeAll());

/** Alternates between the instances, as a balancer would. */
const url = (i: number) => (b && i % 2 ? b.url : a.url);

beforeAll(async () => {
  a = await startServer({ env: { GIFTS_PER_DAY: '3', MAX_OPEN_REQUESTS_PER_CUSTOMER: '3', RATE_LIMIT_MULTIPLIER: '50' } });
  if (TWO_INSTANCES) b = await startServer({ dbUrl: a.dbUrl, dir: a.dir, env: { GIFTS_PER_DAY: '3', MAX_OPEN_REQUESTS_PER_CUSTOMER: '3', RATE_LIMIT_MULTIPLIER: '50' } });
}, 90_000);
afterAll(async () => {
  await b?.stop({ keepDb: true });
  await a?.stop();
});

/** A customer with contact details whose search shows `handle` first (skipping others). */
const searching = async (i: number, handle: string, name: string) => {
  const c = createClient(url(i));
  expect((await c.post('/api/customers', { name, email: `${name.replace(/\W/g, '').toLowerCase()}@example.com` })).status).toBe(201);
  let m = await c.post('/api/matches');
  while (m.json.agent && m.json.agent.handle !== handle) m = await c.post(`/api/matches/${m.json.matchId}/skip`);
  expect(m.json.agent?.handle).toBe(handle);
  return { c, matchId: m.json.matchId as string };
};

const activeOf = async (handle: string) => {
  const agent = await a.db.agent.findUniqueOrThrow({ where: { handle } });
  return { counter: agent.activeBindings, rows: await a.db.binding.count({ where: { agentId: agent.id, endedAt: null } }), capacity: agent.capacity };
};

describe('limits that hold under concurrency', () => {
  it.each([1, 2, 3])('twenty customers choose the last free place at once: one gets it, nineteen are told to skip (round %i)', async (round) => {
    const handle = `scarce-${round}`;
    await s.agent(handle, 99 - round);
    await s.online(handle);
    await a.db.agent.update({ where: { handle }, data: { capacity: 1 } });
    const shown = await Promise.all(Array.from({ length: 20 }, (_, i) => searching(i, handle, `Crowd ${round} ${i}`)));
    const answers = await Promise.all(shown.map(({ c, matchId }) => c.post(`/api/matches/${matchId}/choose`)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(19).fill(409)]);
    for (const r of answers.filter((x) => x.status === 409)) expect(r.json.error).toMatchObject({ code: 'candidate_unavailable', field: 'matchId' });
    expect(await activeOf(handle)).toEqual({ counter: 1, rows: 1, capacity: 1 });
    // The place is taken: offline for further searches (the matching filter follows the counter).
    await s.closeAll();
  }, 60_000);

  it.each([1, 2, 3, 4, 5])('one customer chooses in two tabs at once: one binding, answered 201 and 200, never a 500 (round %i)', async (round) => {
    const handle = `twice-${round}`;
    await s.agent(handle, 98);
    await s.online(handle);
    const first = await searching(round, handle, `Two Tabs ${round}`);
    // The second tab: the same browser (cookies), its own search.
    let m = await first.c.post('/api/matches');
    while (m.json.agent && m.json.agent.handle !== handle) m = await first.c.post(`/api/matches/${m.json.matchId}/skip`);
    const [x, y] = await Promise.all([first.c.post(`/api/matches/${first.matchId}/choose`), first.c.post(`/api/matches/${m.json.matchId}/choose`)]);
    expect([x.status, y.status].sort()).toEqual([200, 201]);
    expect(x.json.binding.id).toBe(y.json.binding.id);
    const me = (await first.c.get('/api/customers/me')).json.customer.id as string;
    expect(await a.db.binding.count({ where: { customerId: me, endedAt: null } })).toBe(1);
    expect((await activeOf(handle)).counter).toBe(1);
    await s.closeAll();
  }, 60_000);

  it('eight requests at once from a customer allowed three open: three are taken, five refused (three rounds)', async () => {
    // Their own servers with the throttles at 1: the open-request limit is scaled by RATE_LIMIT_MULTIPLIER too.
    const env = { MAX_OPEN_REQUESTS_PER_CUSTOMER: '3', RATE_LIMIT_MULTIPLIER: '1' };
    const strict = await startServer({ env });
    const twin = TWO_INSTANCES ? await startServer({ dbUrl: strict.dbUrl, dir: strict.dir, env }) : null;
    const t = scenario(() => strict);
    try {
      await t.agent('limit', 97);
      for (let round = 1; round <= 3; round++) {
        const c = await t.customerOf(`Many Requests ${round}`, 'limit');
        const answers = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            createClient(twin && i % 2 ? twin.url : strict.url).post('/api/service-requests', { message: `at once ${i}` }, { cookie: c.client.cookieHeader(), 'Idempotency-Key': `many-${round}-${i}-key` }),
          ),
        );
        expect(answers.map((r) => r.status).sort()).toEqual([201, 201, 201, 429, 429, 429, 429, 429]);
        for (const r of answers.filter((x) => x.status === 429)) expect(r.json.error).toMatchObject({ code: 'too_many_open_requests', field: 'message' });
        const me = (await c.client.get('/api/customers/me')).json.customer.id as string;
        expect(await strict.db.serviceRequest.count({ where: { customerId: me } })).toBe(3);
      }
    } finally {
      t.closeAll();
      await twin?.stop({ keepDb: true });
      await strict.stop();
    }
  }, 90_000);

  it.each([1, 2, 3])('six customers write at once to an agent who takes one request at a time: one is offered, the rest wait as busy (round %i)', async (round) => {
    const handle = `one-at-a-time-${round}`;
    await s.agent(handle, 94);
    const agent = await s.online(handle);
    await a.db.agent.update({ where: { handle }, data: { maxOpenRequests: 1 } });
    const customers = [];
    for (let i = 0; i < 6; i++) customers.push(await s.customerOf(`Busy ${round} ${i}`, handle));
    const answers = await Promise.all(
      customers.map((c, i) => createClient(url(i)).post('/api/service-requests', { message: `one of six ${i}` }, { cookie: c.client.cookieHeader(), 'Idempotency-Key': `six-${round}-${i}-key` })),
    );
    expect(answers.every((r) => r.status === 201)).toBe(true);
    const rows = await a.db.serviceRequest.findMany({ where: { agentId: agent.id } });
    expect(rows.filter((r) => r.offeredAt !== null)).toHaveLength(1);
    expect(rows.filter((r) => r.offeredAt === null).map((r) => r.holdReason)).toEqual(Array(5).fill('agent_busy'));
    await s.closeAll();
  }, 60_000);

  it.each([1, 2, 3])('ten gifts at once against a daily limit of three: three sent, seven refused (round %i)', async (round) => {
    await s.agent(`gifted-${round}`, 96);
    const c = await s.customerOf(`Generous ${round}`, `gifted-${round}`);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => createClient(url(i)).post('/api/me/agent/gifts', { giftId: 'flower' }, { cookie: c.client.cookieHeader() })));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, ...Array(7).fill(429)]);
    const me = (await c.client.get('/api/customers/me')).json.customer.id as string;
    expect(await a.db.giftSent.count({ where: { customerId: me } })).toBe(3);
  });

  it.each([1, 2, 3])('two customers book the same last slot at once: one call, the other told the time is taken (round %i)', async (round) => {
    await s.agent(`slot-${round}`, 95);
    const one = await s.customerOf(`Slot One ${round}`, `slot-${round}`);
    const two = await s.customerOf(`Slot Two ${round}`, `slot-${round}`);
    const { slots } = (await one.client.get('/api/callbacks/slots')).json as { slots: string[] };
    const at = slots[slots.length - 1]!;
    const answers = await Promise.all([
      createClient(url(0)).post('/api/callbacks', { at, phone: '+86 138 0013 8000' }, { cookie: one.client.cookieHeader() }),
      createClient(url(1)).post('/api/callbacks', { at, phone: '+86 139 0013 8000' }, { cookie: two.client.cookieHeader() }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(answers.find((r) => r.status === 409)!.json.error).toMatchObject({ code: 'conflict', field: 'at' });
    const agent = await a.db.agent.findUniqueOrThrow({ where: { handle: `slot-${round}` } });
    expect(await a.db.callback.count({ where: { agentId: agent.id, at: new Date(at), status: 'booked' } })).toBe(1);
  });

  it.each([1, 2, 3, 4, 5])('eight call-backs booked at once by a customer allowed three: three booked, five told to cancel one first (round %i)', async (round) => {
    await s.agent(`caller-${round}`, 93);
    const c = await s.customerOf(`Many Calls ${round}`, `caller-${round}`);
    const { slots } = (await c.client.get('/api/callbacks/slots')).json as { slots: string[] };
    expect(slots.length).toBeGreaterThanOrEqual(8);
    const answers = await Promise.all(
      slots.slice(0, 8).map((at, i) => createClient(url(i)).post('/api/callbacks', { at, phone: '+86 138 0013 8000' }, { cookie: c.client.cookieHeader() })),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([201, 201, 201, 409, 409, 409, 409, 409]);
    for (const r of answers.filter((x) => x.status === 409)) expect(r.json.error).toMatchObject({ code: 'conflict', field: 'at' });
    const me = (await c.client.get('/api/customers/me')).json.customer.id as string;
    expect(await a.db.callback.count({ where: { customerId: me, status: 'booked' } })).toBe(3);
  });
});
