import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '../../lib/admin/admins.ts';
import { createDb, type Db } from '../../lib/db/client.ts';
import { acquireJobLock } from '../../lib/jobs/job-lock.ts';
import { createClient, printLogsOnFailure, startServer, type RunningServer } from '../helpers/server.ts';
import { scenario } from '../helpers/scenario.ts';
import { testProvider } from '../helpers/pg.ts';

// Issue 26: the races that were unit tests on SQLite only (create-request idempotency, callback double
// booking, the job lease) and the read-then-write paths of the audit (docs/decisions.md, "Read-then-write
// paths and the guard each uses"), driven with real concurrency: on PostgreSQL through two instances, each
// with its own pool, on SQLite through one. Every race runs several rounds; no answer may be a 5xx.
const TWO_INSTANCES = testProvider() === 'postgres';
const SECRET = 'shop-secret-0123456789-0123456789-abcdef';
const ISSUER = 'https://shop.example';
const AUDIENCE = 'exclusive-agent';
const ENV = { RATE_LIMIT_MULTIPLIER: '50', IDENTITY_SECRET: SECRET, IDENTITY_ISSUER: ISSUER, IDENTITY_AUDIENCE: AUDIENCE };
let a: RunningServer;
let b: RunningServer | null = null;
afterEach(printLogsOnFailure(() => a));
const s = scenario(() => a);
afterEach(() => s.closeAll());

/** Alternates between the instances, as a balancer would. */
const url = (i: number) => (b && i % 2 ? b.url : a.url);
/** The same browser (its cookies) calling through instance `i`. */
const via = (i: number, c: ReturnType<typeof createClient>) => {
  const through = createClient(url(i));
  return {
    post: (p: string, body?: unknown, headers: Record<string, string> = {}) => through.post(p, body, { cookie: c.cookieHeader(), ...headers }),
  };
};
const times = <T>(n: number, fn: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => fn(i)));
const statuses = (answers: { status: number }[]) => answers.map((r) => r.status).sort();
const noServerError = (answers: { status: number; json: unknown }[]) => {
  for (const r of answers) expect(r.status, JSON.stringify(r.json)).toBeLessThan(500);
};

beforeAll(async () => {
  a = await startServer({ env: ENV });
  if (TWO_INSTANCES) b = await startServer({ dbUrl: a.dbUrl, dir: a.dir, env: ENV });
}, 90_000);
afterAll(async () => {
  await b?.stop({ keepDb: true });
  await a?.stop();
});

describe('unit-level races, now against the running app', () => {
  it.each([1, 2, 3, 4, 5])('eight tries of one request with one Idempotency-Key at once: one request stored, every answer 201/200 with its id (round %i)', async (round) => {
    await s.agent(`idem-${round}`, 90 - round);
    const me = await s.customerOf(`Idem ${round}`, `idem-${round}`);
    const key = `same-key-${round}-${Date.now()}`;
    const answers = await times(8, (i) => via(i, me.client).post('/api/service-requests', { message: 'once, please' }, { 'Idempotency-Key': key }));
    noServerError(answers);
    for (const r of answers) expect([200, 201]).toContain(r.status);
    expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
    expect(new Set(answers.map((r) => r.json.request.id)).size).toBe(1);
    expect(await a.db.serviceRequest.count({ where: { idempotencyKey: key } })).toBe(1);
  });

  it.each([1, 2, 3])('one customer books the same slot six times at once: one call, five told the time is taken (round %i)', async (round) => {
    await s.agent(`tap-${round}`, 80 - round);
    const me = await s.customerOf(`Tapper ${round}`, `tap-${round}`);
    const { slots } = (await me.client.get('/api/callbacks/slots')).json as { slots: string[] };
    const at = slots[round]!;
    const answers = await times(6, (i) => via(i, me.client).post('/api/callbacks', { at, phone: '+86 138 0013 8000' }));
    noServerError(answers);
    expect(statuses(answers)).toEqual([201, 409, 409, 409, 409, 409]);
    const customerId = (await me.client.get('/api/customers/me')).json.customer.id as string;
    expect(await a.db.callback.count({ where: { customerId, status: 'booked' } })).toBe(1);
  });

  it.each([1, 2, 3, 4, 5])('the job lease: twelve takers on two connections at once, one gets it; then a takeover of an expired lease, one again (round %i)', async (round) => {
    const dbs: Db[] = [createDb(a.dbUrl), createDb(a.dbUrl)];
    try {
      const job = `race-${round}-${Date.now()}`;
      const now = new Date();
      const take = (at: Date) => times(12, (i) => acquireJobLock({ db: dbs[i % 2]!, job, holder: `h${i}`, now: at, leaseMs: 60_000 }));
      expect((await take(now)).filter(Boolean)).toHaveLength(1);
      // Still held: nobody gets it.
      expect((await take(new Date(now.getTime() + 30_000))).filter(Boolean)).toHaveLength(0);
      // Expired: exactly one takes it over.
      expect((await take(new Date(now.getTime() + 61_000))).filter(Boolean)).toHaveLength(1);
    } finally {
      await Promise.all(dbs.map((d) => d.$disconnect()));
    }
  });

  it('six admins run one job at once through both instances: 200 or 409, runs never overlap, never a 5xx', async () => {
    await createAdmin({ db: a.db, input: { email: 'race-admin@example.com', name: 'Race', password: 'a-long-admin-password' } });
    const admin = createClient(a.url);
    expect((await admin.post('/api/admin/login', { email: 'race-admin@example.com', password: 'a-long-admin-password' })).status).toBe(200);
    for (let round = 0; round < 3; round++) {
      const answers = await times(6, (i) => via(i, admin).post('/api/admin/jobs/capability/run'));
      noServerError(answers);
      for (const r of answers) expect([200, 409]).toContain(r.status);
    }
    const runs = await a.db.jobRun.findMany({ where: { job: 'capability' }, orderBy: { startedAt: 'asc' } });
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.startedAt.getTime()).toBeGreaterThanOrEqual(runs[i - 1]!.finishedAt!.getTime());
  });
});

/** A customer of `handle` with one resolved request (resolved as the agent's console would leave it). */
const resolvedRequestOf = async (name: string, handle: string) => {
  const me = await s.customerOf(name, handle);
  const sent = await me.send('rate me');
  expect(sent.status).toBe(201);
  const id = sent.json.request.id as string;
  await a.db.serviceRequest.update({ where: { id }, data: { status: 'resolved', acknowledgedAt: new Date(), resolvedAt: new Date() } });
  return { ...me, id };
};
const ratingTotals = async (handle: string) => {
  const agent = await a.db.agent.findUniqueOrThrow({ where: { handle } });
  const rows = await a.db.rating.findMany({ where: { agentId: agent.id } });
  return { count: agent.ratingCount, sum: agent.ratingSum, rows: rows.length, stars: rows.reduce((t, r) => t + r.stars, 0) };
};

describe('ratings within 24 h', () => {
  it.each([1, 2, 3, 4, 5])('six taps on different stars at once: one rating, the agent totals are the stored stars (round %i)', async (round) => {
    const handle = `rated-${round}`;
    await s.agent(handle, 70 - round);
    const me = await resolvedRequestOf(`Rater ${round}`, handle);
    const first = await times(6, (i) => via(i, me.client).post(`/api/service-requests/${me.id}/rating`, { stars: 1 + (i % 5) }));
    noServerError(first);
    expect(first.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of first) expect([200, 201, 409]).toContain(r.status);
    let t = await ratingTotals(handle);
    expect({ count: t.count, sum: t.sum }).toEqual({ count: 1, sum: t.stars });
    // Changes within 24 h, at once: whichever lands last stands, and the totals say the same.
    const edits = await times(6, (i) => via(i, me.client).post(`/api/service-requests/${me.id}/rating`, { stars: 5 - (i % 5) }));
    noServerError(edits);
    for (const r of edits) expect(r.status).toBe(200);
    t = await ratingTotals(handle);
    expect({ count: t.count, sum: t.sum, rows: t.rows }).toEqual({ count: 1, sum: t.stars, rows: 1 });
  });
});

const shopToken = (claims: Record<string, unknown>) => {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(iat).setExpirationTime(iat + 300).setIssuer(ISSUER).setAudience(AUDIENCE).sign(new TextEncoder().encode(SECRET));
};
/** Every agent's counter matches its active bindings; no customer has two. */
const bindingsConsistent = async () => {
  const agents = await a.db.agent.findMany({ select: { handle: true, activeBindings: true, _count: { select: { bindings: { where: { endedAt: null } } } } } });
  expect(agents.filter((x) => x.activeBindings !== x._count.bindings).map((x) => x.handle)).toEqual([]);
};

describe('merges of customers', () => {
  it.each([1, 2, 3, 4, 5])('a browser with its own agent is identified as a known person six times at once: merged once, never a 5xx (round %i)', async (round) => {
    const theirs = `kept-${round}`;
    const browsers = `merged-${round}`;
    await s.agent(theirs, 60 - round);
    await s.agent(browsers, 50 - round);
    const sub = `person-${round}-${Date.now()}`;
    // The person, known from another device, with their own agent.
    const person = await s.customerOf(`Person ${round}`, theirs);
    expect((await person.client.post('/api/customers/identify', { token: await shopToken({ sub }) })).status).toBe(201);
    const personId = (await person.client.get('/api/customers/me')).json.customer.id as string;
    // This browser: anonymous, bound to another agent, with an open request.
    const browser = await s.customerOf(`Browser ${round}`, browsers);
    expect((await browser.send('before I signed in')).status).toBe(201);
    const browserId = (await browser.client.get('/api/customers/me')).json.customer.id as string;
    const token = await shopToken({ sub });
    const answers = await times(6, (i) => via(i, browser.client).post('/api/customers/identify', { token }));
    noServerError(answers);
    for (const r of answers) expect(r.status).toBe(200);
    for (const r of answers) expect(r.json.customer.id).toBe(personId);
    expect(await a.db.customer.findUnique({ where: { id: browserId } })).toBeNull();
    expect(await a.db.binding.count({ where: { customerId: personId, endedAt: null } })).toBe(1);
    await bindingsConsistent();
  });

  it.each([1, 2, 3])('six new browsers of one new person identify at once: one person, never a 5xx (round %i)', async (round) => {
    const sub = `newcomer-${round}-${Date.now()}`;
    const token = await shopToken({ sub, name: 'New', email: `new${round}@example.com` });
    const browsers = await times(6, async (i) => {
      const c = createClient(url(i));
      expect((await c.post('/api/customers', { name: `Tab ${i}`, email: `tab${round}${i}@example.com` })).status).toBe(201);
      return c;
    });
    const answers = await Promise.all(browsers.map((c, i) => via(i, c).post('/api/customers/identify', { token })));
    noServerError(answers);
    for (const r of answers) expect([200, 201]).toContain(r.status);
    expect(new Set(answers.map((r) => r.json.customer.id)).size).toBe(1);
    expect(await a.db.customer.count({ where: { externalId: sub } })).toBe(1);
  });

  it.each([1, 2, 3])('one browser redeems a handoff code six times at once: one way in, the rest refused, never a 5xx (round %i)', async (round) => {
    await s.agent(`handoff-${round}`, 40 - round);
    const owner = await s.customerOf(`Owner ${round}`, `handoff-${round}`);
    const made = await owner.client.post('/api/customers/me/handoff');
    expect(made.status).toBe(201);
    const code = made.json.code as string;
    const phone = createClient(a.url);
    expect((await phone.post('/api/customers', { name: `Phone ${round}`, email: `phone${round}@example.com` })).status).toBe(201);
    const answers = await times(6, (i) => via(i, phone).post('/api/customers/handoff', { code }));
    noServerError(answers);
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of answers.filter((x) => x.status !== 200)) expect(r.json.error).toMatchObject({ code: 'invalid_code' });
    await bindingsConsistent();
  });
});

/** A customer with contact details and a search showing `handle`. */
const searching = async (i: number, handle: string, name: string) => {
  const c = createClient(url(i));
  expect((await c.post('/api/customers', { name, email: `${name.replace(/\W/g, '').toLowerCase()}@example.com` })).status).toBe(201);
  let m = await c.post('/api/matches');
  while (m.json.agent && m.json.agent.handle !== handle) m = await c.post(`/api/matches/${m.json.matchId}/skip`);
  expect(m.json.agent?.handle).toBe(handle);
  const id = (await c.get('/api/customers/me')).json.customer.id as string;
  return { c, id, matchId: m.json.matchId as string };
};

describe('a search, a choice, an erasure', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('choose in one tab and skip in another at once: a chosen search stays chosen (round %i)', async (round) => {
    const handle = `picked-${round}`;
    await s.agent(handle, 30 - round);
    await s.online(handle);
    const me = await searching(round, handle, `Picker ${round}`);
    const answers = await Promise.all([
      via(0, me.c).post(`/api/matches/${me.matchId}/choose`),
      ...[1, 2, 3].map((i) => via(i, me.c).post(`/api/matches/${me.matchId}/skip`)),
    ]);
    noServerError(answers);
    const match = await a.db.matchSession.findUniqueOrThrow({ where: { id: me.matchId } });
    if (answers[0]!.status === 201) expect(match.status).toBe('chosen');
    await s.closeAll();
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('choose in one tab and erase in another at once: an erased customer holds no place (round %i)', async (round) => {
    const handle = `erased-${round}`;
    await s.agent(handle, 20 - round);
    await s.online(handle);
    const me = await searching(round, handle, `Leaver ${round}`);
    const [chose, erased] = await Promise.all([
      via(0, me.c).post(`/api/matches/${me.matchId}/choose`),
      fetch(`${url(1)}/api/customers/me`, { method: 'DELETE', headers: { cookie: me.c.cookieHeader() } }).then(async (r) => ({ status: r.status, json: await r.json().catch(() => null) })),
    ]);
    noServerError([chose, erased]);
    expect(erased.status).toBeLessThan(300);
    expect(await a.db.binding.count({ where: { customerId: me.id, endedAt: null } })).toBe(0);
    await bindingsConsistent();
    await s.closeAll();
  });
});

describe('one row per push endpoint', () => {
  it.each([1, 2, 3, 4, 5])('a browser saves its push subscription six times at once: one row, every answer 201 (round %i)', async (round) => {
    await s.agent(`push-${round}`, 10 - round);
    const me = await s.customerOf(`Pusher ${round}`, `push-${round}`);
    const endpoint = `https://push.example/send/race-${round}-${Date.now()}`;
    const body = { endpoint, keys: { p256dh: 'BAAAAAAAAAAAAAAAAAAAAAAAAAAA', auth: 'AAAAAAAAAAAAAAAA' } };
    const answers = await times(6, (i) => via(i, me.client).post('/api/push/subscriptions', body));
    noServerError(answers);
    expect(statuses(answers)).toEqual(Array(6).fill(201));
    expect(await a.db.pushSubscription.count({ where: { endpoint } })).toBe(1);
  });
});
