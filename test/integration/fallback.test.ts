import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connected, createClient, eventually, nextEvent, startServer, type RunningServer, ask, printLogsOnFailure } from '../helpers/server.ts';
import { scenario } from '../helpers/scenario.ts';

// Issue #6 through a real server: held requests, covers, the accept timeout, capacity, agents leaving.
const ACCEPT_MS = 1500;
let server: RunningServer;
afterEach(printLogsOnFailure(() => server));
const s = scenario(() => server);

beforeAll(async () => {
  server = await startServer({ env: { ACCEPT_TIMEOUT_MS: String(ACCEPT_MS), SWEEP_INTERVAL_MS: '200', PRESENCE_GRACE_MS: '600000' } });
});
// Each case starts from a quiet floor: nobody online, nothing open that could time out into the next case.
afterEach(async () => {
  s.closeAll();
  await server.db.agent.updateMany({ data: { status: 'offline' } });
  await server.db.serviceRequest.updateMany({ where: { status: { not: 'resolved' } }, data: { status: 'resolved' } });
});
afterAll(() => server?.stop());

describe('when the exclusive agent cannot answer', () => {
  it('bound agent offline: the customer is told, the request is queued, and delivered when the agent comes online', async () => {
    await s.agent('sleeper', 99, 'offline');
    const customer = await s.customerOf('Night Owl', 'sleeper');
    const sent = await customer.send('Are you there?');
    expect(sent.status).toBe(201);
    expect(sent.json.routing).toMatchObject({ decision: 'held', reason: 'agent_offline', agent: { handle: 'sleeper', status: 'offline' } });
    const me = await s.signIn('sleeper');
    const tab = s.socket({ token: me.token });
    const alert = nextEvent(tab, 'service-request:new');
    await connected(tab);
    expect(await ask(tab, 'agent:set-status', { status: 'online' })).toEqual({ ok: true, status: 'online' });
    expect((await alert).id).toBe(sent.json.request.id);
    await eventually(async () => (await server.db.serviceRequest.findUniqueOrThrow({ where: { id: sent.json.request.id } })).status === 'delivered');
  });

  it('the customer may take a cover now; the binding stays and the cover sees it is a cover', async () => {
    await s.agent('on-leave', 98, 'away');
    await s.agent('cover-1', 97);
    const cover = await s.signIn('cover-1');
    const coverTab = s.socket({ token: cover.token });
    await connected(coverTab);
    const customer = await s.customerOf('Impatient', 'on-leave');
    const sent = await customer.send('Need help now');
    expect(sent.json.routing).toMatchObject({ decision: 'held', reason: 'agent_away' });
    const alert = nextEvent(coverTab, 'service-request:new');
    const taken = await customer.client.post(`/api/service-requests/${sent.json.request.id}/cover`);
    expect(taken.status).toBe(200);
    expect(taken.json.agent.handle).toBe('cover-1');
    expect(await alert).toMatchObject({ id: sent.json.request.id, cover: true, boundAgent: { name: 'Agent on-leave' } });
    expect((await customer.client.get('/api/me/agent')).json.agent.handle).toBe('on-leave');
    const history = await cover.client.get(`/api/agent/customers/${(await customer.client.get('/api/customers/me')).json.customer.id}`);
    expect(history.status).toBe(200);
    expect(history.json.exclusive).toBe(false);
  });

  it('not acknowledged within the accept timeout: the next best gets it, and the first never again', async () => {
    await s.agent('slow', 90);
    await s.agent('next-1', 89);
    await s.agent('next-2', 88);
    const [slow, next1, next2] = await Promise.all(['slow', 'next-1', 'next-2'].map((h) => s.signIn(h)));
    const slowTab = s.socket({ token: slow.token });
    const tab1 = s.socket({ token: next1.token });
    const tab2 = s.socket({ token: next2.token });
    const slowGot = s.recordAlerts(slowTab);
    const got1 = s.recordAlerts(tab1);
    const got2 = s.recordAlerts(tab2);
    await Promise.all([connected(slowTab), connected(tab1), connected(tab2)]);
    const customer = await s.customerOf('Waiting', 'slow');
    const withdrawn = nextEvent(slowTab, 'service-request:withdrawn', 10_000);
    const reachesNext = nextEvent(tab1, 'service-request:new', 10_000);
    const started = Date.now();
    const sent = await customer.send('Hello?');
    const id = sent.json.request.id;
    expect((await reachesNext).id).toBe(id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(ACCEPT_MS - 100);
    expect(await withdrawn).toEqual({ id });
    // next-1 does not answer either: it moves on to next-2, not back to slow.
    expect((await nextEvent(tab2, 'service-request:new', 10_000)).id).toBe(id);
    expect(await ask(slowTab, 'service-request:ack', { id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await ask(tab2, 'service-request:ack', { id })).toMatchObject({ ok: true });
    expect(slowGot).toEqual([id]);
    expect(got1).toEqual([id]);
    expect(got2.filter((x) => x === id).length).toBeGreaterThanOrEqual(1);
    const stored = await server.db.serviceRequest.findUniqueOrThrow({ where: { id } });
    expect(stored.boundAgentId).toBe(slow.id);
    expect(JSON.parse(stored.excludedAgentIds)).toEqual([slow.id, next1.id]);
  });

  it('an agent at their limit of exclusive customers is not offered by matching', async () => {
    const full = await s.agent('full-house', 100);
    await server.db.agent.update({ where: { id: full.id }, data: { capacity: 1 } });
    await s.online('full-house');
    await s.customerOf('First In', 'full-house');
    await s.agent('has-room', 50);
    await s.online('has-room');
    const c = createClient(server.url);
    await c.post('/api/customers', { name: 'Second', email: 'second@example.com' });
    const m = await c.post('/api/matches');
    expect(m.json.agent?.handle).toBe('has-room');
    expect(m.json.remaining).toBe(0);
  });

  it('an agent who leaves: customers are asked about a handover, open requests go to others', async () => {
    await s.agent('leaving', 100);
    await s.agent('stays', 99);
    const stays = await s.signIn('stays');
    const staysTab = s.socket({ token: stays.token });
    const got = s.recordAlerts(staysTab);
    await connected(staysTab);
    const customer = await s.customerOf('Left Behind', 'leaving');
    const sent = await customer.send('Open question');
    // The leaving agent had taken it (so the accept timeout does not move it first).
    const leavingAgent = await s.signIn('leaving');
    const leavingTab = s.socket({ token: leavingAgent.token });
    await connected(leavingTab);
    expect(await ask(leavingTab, 'service-request:ack', { id: sent.json.request.id })).toMatchObject({ ok: true });
    const run = promisify(execFile);
    const out = await run(process.execPath, ['--import', 'tsx', 'scripts/agent.ts', 'deactivate', 'leaving@test.local'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...process.env, DATABASE_URL: server.dbUrl },
    });
    expect(out.stdout).toContain('1 customer(s) asked to take a next agent or choose again, 1 open request(s) re-routed');
    const me = await customer.client.get('/api/me/agent');
    expect(me.status).toBe(200);
    expect(me.json.handover).toMatchObject({ status: 'pending', reason: 'agent_left', from: { handle: 'leaving' }, suggested: { handle: 'stays' } });
    // The running server's sweeper re-sends re-routed requests to the new agent's open tab.
    await eventually(async () => got.includes(sent.json.request.id), 15_000);
    const leaving = await customer.client.post('/api/agent/login', { email: 'leaving@test.local', password: 'right-password' });
    expect(leaving.status).toBe(401);
  });
});
