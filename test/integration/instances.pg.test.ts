import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { hashPassword } from '../../lib/credentials/password.ts';
import { makeAgent } from '../helpers/db.ts';
import { ask, connectSocket, connected, createClient, eventually, nextEvent, startServer, type RunningServer } from '../helpers/server.ts';
import { logLines } from '../helpers/logs.ts';

// Issue #12: two app instances on two ports, one PostgreSQL, one Redis. Whatever instance a call
// reaches, the outcome is the one a single instance would give; time-based work happens once.
const SWEEP_MS = 200;
const ACCEPT_MS = 2500;
const env = { SWEEP_INTERVAL_MS: String(SWEEP_MS), ACCEPT_TIMEOUT_MS: String(ACCEPT_MS), PRESENCE_GRACE_MS: '600000', LOG_LEVEL: 'debug' };

let a: RunningServer;
let b: RunningServer;
const sockets: Socket[] = [];
let hash: string;

beforeAll(async () => {
  a = await startServer({ env: { ...env, INSTANCE_ID: 'inst-a' } });
  b = await startServer({ dbUrl: a.dbUrl, env: { ...env, INSTANCE_ID: 'inst-b' } });
  hash = await hashPassword('right-password');
});
afterEach((ctx) => {
  sockets.splice(0).forEach((s) => s.disconnect());
  if (ctx.task.result?.state === 'fail') console.error(`--- A ---\n${a?.logs.join('')}\n--- B ---\n${b?.logs.join('')}`);
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

const agent = (handle: string, capability: number) => makeAgent(a.db, { handle, capability, passwordHash: hash });
const tokenOf = async (server: RunningServer, handle: string) => {
  const res = await createClient(server.url).post('/api/agent/login', { email: `${handle}@test.local`, password: 'right-password' });
  expect(res.status).toBe(200);
  return res.json.token as string;
};
const tab = (server: RunningServer, opts: { token?: string; cookie?: string }) => {
  const s = connectSocket(server.url, opts);
  sockets.push(s);
  return s;
};
/** A customer whose calls go to whichever instance `base()` names at the time, with one cookie jar. */
const customer = async (name: string, base: () => string) => {
  const c = createClient(base);
  expect((await c.post('/api/customers', { name, email: `${name.toLowerCase()}@example.com` })).status).toBe(201);
  return c;
};
const chooseFirst = async (c: ReturnType<typeof createClient>) => {
  const m = await c.post('/api/matches');
  expect(m.status).toBe(201);
  expect((await c.post(`/api/matches/${m.json.matchId}/choose`)).status).toBe(201);
  return m.json.agent.handle as string;
};

describe('two instances, one PostgreSQL + Redis', () => {
  it('each instance answers health and readiness as JSON, with its own instance id', async () => {
    for (const [server, id] of [[a, 'inst-a'], [b, 'inst-b']] as const) {
      const health = await createClient(server.url).get('/api/health');
      expect(health.status).toBe(200);
      expect(health.json).toMatchObject({ ok: true, instance: expect.stringMatching(new RegExp(`^${id}-`)), draining: false });
      const ready = await createClient(server.url).get('/api/ready');
      expect(ready.status).toBe(200);
      expect(ready.json).toMatchObject({
        ready: true,
        instance: expect.stringMatching(new RegExp(`^${id}-`)),
        checks: { database: { ok: true, detail: expect.stringContaining('postgres') }, adapter: { ok: true, detail: expect.stringContaining('redis') } },
      });
    }
    // Every structured log line names the instance that wrote it.
    expect(logLines(a).every((l) => String(l.instance).startsWith('inst-a-'))).toBe(true);
    expect(logLines(b).some((l) => l.msg?.startsWith('listening') && l.adapter === 'redis')).toBe(true);
  });

  it('agent on A, customer on B: request via B → alert on A → ack on A → the customer sees it on B', async () => {
    await agent('cross-agent', 95);
    const agentTab = tab(a, { token: await tokenOf(a, 'cross-agent') });
    await connected(agentTab);
    const c = await customer('Cross', () => b.url);
    expect(await chooseFirst(c)).toBe('cross-agent');
    const customerTab = tab(b, { cookie: c.cookieHeader() });
    await connected(customerTab);

    const alerted = nextEvent<{ id: string; message: string }>(agentTab, 'service-request:new');
    const sent = await c.post('/api/service-requests', { message: 'Across instances' }, { 'Idempotency-Key': 'cross-instance-1' });
    expect(sent.status).toBe(201);
    const alert = await alerted;
    expect(alert).toMatchObject({ id: sent.json.request.id, message: 'Across instances' });

    const updates: { id: string; status: string }[] = [];
    customerTab.on('service-request:update', (u) => updates.push(u));
    expect(await ask(agentTab, 'service-request:ack', { id: alert.id })).toMatchObject({ ok: true });
    await eventually(async () => updates.some((u) => u.id === alert.id && u.status === 'acknowledged'));
    expect((await c.get(`/api/service-requests/${alert.id}`)).json.request.status).toBe('acknowledged');
  });

  it('the same Idempotency-Key sent to A and B at once stores one request', async () => {
    await agent('idem-agent', 96);
    const c = await customer('Twice', () => a.url);
    await chooseFirst(c);
    const cookie = c.cookieHeader();
    const onA = createClient(a.url);
    const onB = createClient(b.url);
    const body = { message: 'Sent twice' };
    const headers = { cookie, 'Idempotency-Key': 'same-key-both-instances' };
    const [ra, rb] = await Promise.all([onA.post('/api/service-requests', body, headers), onB.post('/api/service-requests', body, headers)]);
    expect([ra.status, rb.status].sort()).toEqual([200, 201]);
    expect(ra.json.request.id).toBe(rb.json.request.id);
    expect(await a.db.serviceRequest.count({ where: { idempotencyKey: 'same-key-both-instances' } })).toBe(1);
  });

  it('skip on A, then B continues the same candidate list', async () => {
    await Promise.all([agent('list-1', 99), agent('list-2', 98), agent('list-3', 97)]);
    let base = a.url;
    const c = await customer('Lister', () => base);
    const first = await c.post('/api/matches');
    expect(first.json.agent.handle).toBe('list-1');
    const second = await c.post(`/api/matches/${first.json.matchId}/skip`);
    expect(second.json.agent.handle).toBe('list-2');
    base = b.url;
    const third = await c.post(`/api/matches/${first.json.matchId}/skip`);
    expect(third.json).toMatchObject({ matchId: first.json.matchId, agent: { handle: 'list-3' } });
    expect((await c.post(`/api/matches/${first.json.matchId}/choose`)).status).toBe(201);
    expect((await c.get('/api/me/agent')).json.agent.handle).toBe('list-3');
  });

  it('the accept timeout fires once with both instances up', async () => {
    // Only the two agents of this test are online.
    await a.db.agent.updateMany({ data: { status: 'offline' } });
    await agent('slow-bound', 40);
    await agent('quick-cover', 30);
    const slowTab = tab(a, { token: await tokenOf(a, 'slow-bound') });
    const coverTab = tab(b, { token: await tokenOf(b, 'quick-cover') });
    const offered = { slow: [] as string[], cover: [] as string[], withdrawn: [] as string[] };
    // Both tabs confirm the alert is on screen; the bound agent never takes it.
    slowTab.on('service-request:new', (r: { id: string }, seen: (v: boolean) => void) => (offered.slow.push(r.id), seen(true)));
    slowTab.on('service-request:withdrawn', ({ id }: { id: string }) => offered.withdrawn.push(id));
    coverTab.on('service-request:new', (r: { id: string }, seen: (v: boolean) => void) => (offered.cover.push(r.id), seen(true)));
    await Promise.all([connected(slowTab), connected(coverTab)]);

    const c = await customer('Waiting', () => b.url);
    expect(await chooseFirst(c)).toBe('slow-bound');
    const sent = await c.post('/api/service-requests', { message: 'Anyone?' }, { 'Idempotency-Key': 'timeout-once-1' });
    const id = sent.json.request.id as string;
    await eventually(async () => offered.cover.includes(id), ACCEPT_MS + 5000);
    // The cover takes it, so nothing else is due; wait a few more sweeps for any second move.
    expect(await ask(coverTab, 'service-request:ack', { id })).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, SWEEP_MS * 5));

    const moves = [...logLines(a), ...logLines(b)].filter((l) => l.msg?.startsWith('offers timed out') && (l.moved as string[]).includes(id));
    expect(moves).toHaveLength(1);
    expect(offered.slow.filter((x) => x === id)).toHaveLength(1);
    expect(offered.cover.filter((x) => x === id)).toHaveLength(1);
    expect(offered.withdrawn.filter((x) => x === id)).toHaveLength(1);
    const stored = await a.db.serviceRequest.findUniqueOrThrow({ where: { id }, include: { agent: true } });
    expect(stored.agent.handle).toBe('quick-cover');
    expect(JSON.parse(stored.excludedAgentIds)).toHaveLength(1);
  });

  it('a scheduled sweep runs once per deadline: one instance sweeps, the other waits', async () => {
    const since = Date.now();
    await new Promise((r) => setTimeout(r, SWEEP_MS * 10));
    const ticks = [...logLines(a), ...logLines(b)]
      .filter((l) => l.msg === 'sweep tick' && Number(l.at) >= since)
      .sort((x, y) => Number(x.at) - Number(y.at));
    // One sweep per interval in total — two sweeping instances would make about 20.
    expect(ticks.length).toBeGreaterThanOrEqual(3); // it runs (a loaded machine may delay a few)
    expect(ticks.length).toBeLessThanOrEqual(11);
    expect(new Set(ticks.map((t) => t.instance)).size).toBe(1);
    for (let i = 1; i < ticks.length; i++) expect(Number(ticks[i]!.at) - Number(ticks[i - 1]!.at)).toBeGreaterThanOrEqual(SWEEP_MS * 0.5);
  });
});
