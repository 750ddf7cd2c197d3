// Issue 13, part 4: throttles, as the findings observed them — at RATE_LIMIT_MULTIPLIER=1.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, startServer, type RunningServer, printLogsOnFailure } from '../helpers/server.ts';
import { scenario } from '../helpers/scenario.ts';
import { createAdmin } from '../../lib/admin/admins.ts';

let server: RunningServer;
afterEach(printLogsOnFailure(() => server));
const play = scenario(() => server);

beforeAll(async () => {
  // TRUST_PROXY lets the test play several addresses through X-Forwarded-For.
  server = await startServer({ env: { RATE_LIMIT_MULTIPLIER: '1', TRUST_PROXY: '1' } });
  await play.agent('top', 95);
  await play.agent('next', 80);
  // Presence is intention × connection (issue 10): an agent is shown only with a console open.
  await play.online('top');
  await play.online('next');
  // Those sign-ins came from 127.0.0.1; let the per-account spacing pass before the login test.
  await new Promise((r) => setTimeout(r, 2_100));
});
afterAll(async () => {
  play.closeAll();
  await server?.stop();
});

const from = (ip: string) => ({ 'x-forwarded-for': ip });

describe('throttles', () => {
  it('login: wrong passwords get 429 + Retry-After early (no scrypt each), and the real agent still signs in from elsewhere', async () => {
    const attacker = createClient(server.url);
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const r = await attacker.post('/api/agent/login', { email: 'top@test.local', password: `guess-${i}` }, from('203.0.113.5'));
      statuses.push(r.status);
      if (r.status === 429) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(statuses.filter((s) => s === 401).length).toBe(5); // 5 failures for this account from this address
    expect(statuses.filter((s) => s === 429).length).toBe(55);
    const real = createClient(server.url);
    expect((await real.post('/api/agent/login', { email: 'top@test.local', password: 'right-password' }, from('198.51.100.7'))).status).toBe(200);
  });

  it('matches: one customer flooding gets 429 after 30 a minute; another customer is still served', async () => {
    const flood = createClient(server.url);
    await flood.post('/api/customers', { name: 'Flood', email: 'flood@example.com' }, from('192.0.2.1'));
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await flood.post('/api/matches', undefined, from('192.0.2.1'))).status);
    expect(statuses.slice(0, 30).every((s) => s === 201)).toBe(true);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
    const other = createClient(server.url);
    await other.post('/api/customers', { name: 'Other', email: 'other@example.com' }, from('192.0.2.2'));
    expect((await other.post('/api/matches', undefined, from('192.0.2.2'))).status).toBe(201);
  });

  it('skips: 60 a minute per customer', async () => {
    const c = createClient(server.url);
    await c.post('/api/customers', { name: 'Skipper', email: 'skip@example.com' }, from('192.0.2.3'));
    const m = await c.post('/api/matches', undefined, from('192.0.2.3'));
    const statuses: number[] = [];
    for (let i = 0; i < 62; i++) statuses.push((await c.post(`/api/matches/${m.json.matchId}/skip`, undefined, from('192.0.2.3'))).status);
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(60)).toEqual([429, 429]);
  });

  it('requests: 10 a minute per customer, then 429 + Retry-After and nothing stored', async () => {
    const c = createClient(server.url);
    await c.post('/api/customers', { name: 'Asker', email: 'ask@example.com' }, from('192.0.2.4'));
    const m = await c.post('/api/matches', undefined, from('192.0.2.4'));
    expect((await c.post(`/api/matches/${m.json.matchId}/choose`, undefined, from('192.0.2.4'))).status).toBe(201);
    const send = (n: number) => c.post('/api/service-requests', { message: `help ${n}` }, { ...from('192.0.2.4'), 'Idempotency-Key': `asker-key-${n}` });
    for (let i = 1; i <= 10; i++) expect((await send(i)).status).toBe(201);
    const eleventh = await send(11);
    expect(eleventh.status).toBe(429);
    expect(eleventh.json.error.code).toBe('rate_limited');
    expect(Number(eleventh.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await server.db.serviceRequest.count({ where: { message: 'help 11' } })).toBe(0);
  });

  it('at most 10 open requests per customer; a replay of a stored one is still answered', async () => {
    const c = createClient(server.url);
    await c.post('/api/customers', { name: 'Replayer', email: 'replay@example.com' }, from('192.0.2.5'));
    const m = await c.post('/api/matches', undefined, from('192.0.2.5'));
    await c.post(`/api/matches/${m.json.matchId}/choose`, undefined, from('192.0.2.5'));
    const me = (await c.get('/api/customers/me')).json.customer.id;
    const top = await server.db.agent.findUniqueOrThrow({ where: { handle: 'top' } });
    // Nine stored directly (not through the throttled route), then one through it: the limit is reached.
    for (let i = 0; i < 9; i++) await server.db.serviceRequest.create({ data: { customerId: me, agentId: top.id, message: `old ${i}`, idempotencyKey: `old-key-${i}` } });
    expect((await c.post('/api/service-requests', { message: 'tenth' }, { ...from('192.0.2.5'), 'Idempotency-Key': 'tenth-key-1' })).status).toBe(201);
    expect((await c.post('/api/service-requests', { message: 'eleventh' }, { ...from('192.0.2.5'), 'Idempotency-Key': 'eleventh-key' })).json.error.code).toBe('too_many_open_requests');
    const replay = await c.post('/api/service-requests', { message: 'tenth' }, { ...from('192.0.2.5'), 'Idempotency-Key': 'tenth-key-1' });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });

  it("215 throw-away customers from one address cannot fill an agent's 200 places", async () => {
    const bound: number[] = [];
    const refused: number[] = [];
    for (let i = 0; i < 215; i++) {
      const c = createClient(server.url);
      const made = await c.post('/api/customers', { name: `Fake ${i}`, email: `fake${i}@example.com` }, from('192.0.2.66'));
      if (made.status === 429) {
        refused.push(i);
        continue;
      }
      const m = await c.post('/api/matches', undefined, from('192.0.2.66'));
      const chose = await c.post(`/api/matches/${m.json.matchId}/choose`, undefined, from('192.0.2.66'));
      (chose.status === 201 ? bound : refused).push(i);
    }
    expect(bound.length).toBeLessThanOrEqual(20);
    expect(refused.length).toBeGreaterThanOrEqual(195);
    const top = await server.db.agent.findUniqueOrThrow({ where: { handle: 'top' } });
    expect(await server.db.binding.count({ where: { agentId: top.id, endedAt: null } })).toBeLessThan(top.capacity / 4);
  });

  it('covers: 10 a minute per customer', async () => {
    const c = createClient(server.url);
    await c.post('/api/customers', { name: 'Coverer', email: 'cover@example.com' }, from('192.0.2.7'));
    const m = await c.post('/api/matches', undefined, from('192.0.2.7'));
    await c.post(`/api/matches/${m.json.matchId}/choose`, undefined, from('192.0.2.7'));
    const r = await c.post('/api/service-requests', { message: 'cover me' }, { ...from('192.0.2.7'), 'Idempotency-Key': 'cover-key-1' });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await c.post(`/api/service-requests/${r.json.request.id}/cover`, undefined, from('192.0.2.7'))).status);
    expect(statuses.slice(0, 10).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe('throttles on the routes added by issues 14, 15 and 17', () => {
  it('admin sign-in: the same guard as agents — 5 failures per account and address, then 429 without a scrypt', async () => {
    await createAdmin({ db: server.db, input: { email: 'ops@example.com', name: 'Ops', password: 'a-long-admin-password' } });
    const attacker = createClient(server.url);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await attacker.post('/api/admin/login', { email: 'ops@example.com', password: `guess-${i}` }, from('203.0.113.9'))).status);
    expect(statuses).toEqual([...Array(5).fill(401), ...Array(7).fill(429)]);
    const real = createClient(server.url);
    expect((await real.post('/api/admin/login', { email: 'ops@example.com', password: 'a-long-admin-password' }, from('198.51.100.9'))).status).toBe(200);
  });

  it('thread messages: 30 a minute per customer, then 429 + Retry-After and nothing stored', async () => {
    const c = createClient(server.url);
    await c.post('/api/customers', { name: 'Chatty', email: 'chatty@example.com' }, from('192.0.2.11'));
    const m = await c.post('/api/matches', undefined, from('192.0.2.11'));
    expect((await c.post(`/api/matches/${m.json.matchId}/choose`, undefined, from('192.0.2.11'))).status).toBe(201);
    const r = await c.post('/api/service-requests', { message: 'thread' }, { ...from('192.0.2.11'), 'Idempotency-Key': 'chatty-key-1' });
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await c.post(`/api/service-requests/${r.json.request.id}/messages`, { body: `line ${i}` }, from('192.0.2.11'))).status);
    expect(statuses.slice(0, 30).every((s) => s === 201)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
    expect(await server.db.requestMessage.count({ where: { requestId: r.json.request.id, author: 'customer', body: { startsWith: 'line ' } } })).toBe(30);
  });
});

describe('concurrency per address', () => {
  it('more than 8 /api calls at once from one address: the rest get 429 at once; another address is served', async () => {
    const c = createClient(server.url);
    await c.post('/api/customers', { name: 'Burst', email: 'burst@example.com' }, from('192.0.2.9'));
    // Sign-ins are slow (scrypt): 30 at once from one address keep the server busy long enough to overlap.
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) => c.post('/api/agent/login', { email: `nobody${i}@test.local`, password: 'x' }, from('192.0.2.9'))),
    );
    const refusedAtOnce = burst.filter((r) => r.status === 429 && /at once/.test(r.json?.error?.message ?? ''));
    expect(refusedAtOnce.length).toBeGreaterThan(0);
    expect(refusedAtOnce[0]!.headers.get('retry-after')).toBe('1');
    expect(burst.filter((r) => r.status === 401).length).toBeLessThanOrEqual(20);
    expect((await createClient(server.url).get('/api/health')).status).toBe(200);
  });
});
