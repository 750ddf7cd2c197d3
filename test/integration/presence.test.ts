import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ask, connected, createClient, eventually, nextEvent, nextEventWhere, printLogsOnFailure, startServer, type RunningServer } from '../helpers/server.ts';
import { scenario } from '../helpers/scenario.ts';

// Issue #10 through a real server: availability is the agent's choice × a live console connection.
const GRACE_MS = 1200;
const ACCEPT_MS = 1500;
let server: RunningServer;
afterEach(printLogsOnFailure(() => server));
const s = scenario(() => server);

beforeAll(async () => {
  server = await startServer({
    env: { DEMO_AGENTS: '0', PRESENCE_GRACE_MS: String(GRACE_MS), ACCEPT_TIMEOUT_MS: String(ACCEPT_MS), SWEEP_INTERVAL_MS: '200', MAX_HOPS: '1' },
  });
});
// Each case starts from a quiet floor: nobody connected, nothing open that could time out into the next case.
afterEach(async () => {
  s.closeAll();
  await server.db.agentConnection.deleteMany();
  await server.db.agent.updateMany({ data: { status: 'offline', connected: false } });
  await server.db.serviceRequest.updateMany({ where: { status: { not: 'resolved' } }, data: { status: 'resolved' } });
});
afterAll(() => server?.stop());

const requestRow = (id: string) => server.db.serviceRequest.findUniqueOrThrow({ where: { id } });

describe('presence that tells the truth', () => {
  it('offers only agents with a live console, and follows their choice of status at once', async () => {
    await s.agent('truthful', 99);
    const visitor = createClient(server.url);
    expect((await visitor.post('/api/matches')).json).toMatchObject({ agent: null, reason: 'none_online' });

    const me = await s.online('truthful');
    expect((await visitor.post('/api/matches')).json.agent).toMatchObject({ handle: 'truthful', available: true });

    // A customer of theirs listens to their presence.
    const customer = await s.customerOf('Truth Seeker', 'truthful');
    const customerSocket = s.socket({ cookie: customer.client.cookieHeader() });
    const initial = nextEvent(customerSocket, 'agent:presence');
    await connected(customerSocket);
    expect(await initial).toMatchObject({ status: 'online', available: true });

    // Offline with the console still open: not offered, requests held with the reason, nobody alerted.
    const alerts = s.recordAlerts(me.tab);
    const told = nextEventWhere<{ available: boolean }>(customerSocket, 'agent:presence', (p) => !p.available);
    expect(await ask(me.tab, 'agent:set-status', { status: 'offline' })).toEqual({ ok: true, status: 'offline' });
    expect(await told).toMatchObject({ status: 'offline', available: false, reason: 'agent_offline' });
    expect((await visitor.post('/api/matches')).json).toMatchObject({ agent: null, reason: 'none_online' });
    const sent = await customer.send('Anyone there?');
    expect(sent.status).toBe(201);
    expect(sent.json.routing).toMatchObject({ decision: 'held', reason: 'agent_offline' });
    expect(sent.json.request).toMatchObject({ holdReason: 'agent_offline' });
    expect(await requestRow(sent.json.request.id)).toMatchObject({ offeredAt: null, status: 'pending' });

    // Online again: the held request is offered at once and its accept timer starts.
    const back = nextEventWhere<{ available: boolean; status: string }>(customerSocket, 'agent:presence', (p) => p.available && p.status === 'online');
    const offered = nextEvent(me.tab, 'service-request:new');
    const before = Date.now();
    expect(await ask(me.tab, 'agent:set-status', { status: 'online' })).toEqual({ ok: true, status: 'online' });
    expect((await offered).id).toBe(sent.json.request.id);
    expect(await back).toMatchObject({ status: 'online', available: true });
    const row = await requestRow(sent.json.request.id);
    expect(row.offeredAt!.getTime()).toBeGreaterThanOrEqual(before - 50);
    expect(row.holdReason).toBeNull();
    // The only alert this console ever got was the offer after it came back online.
    expect(alerts).toEqual([sent.json.request.id]);
  });

  it('a request never reaches an agent whose console has gone: after the grace period they are not available', async () => {
    await s.agent('leaver', 90);
    const me = await s.online('leaver');
    const customer = await s.customerOf('Left Behind', 'leaver');
    const customerSocket = s.socket({ cookie: customer.client.cookieHeader() });
    const initial = nextEvent(customerSocket, 'agent:presence');
    await connected(customerSocket);
    expect(await initial).toMatchObject({ available: true });
    // The first event may be a repeat of "available" (the new binding's presence): wait for the change.
    const gone = nextEventWhere<{ available: boolean }>(customerSocket, 'agent:presence', (p) => !p.available, GRACE_MS + 5000);
    me.tab.disconnect();
    expect(await gone).toMatchObject({ status: 'online', available: false, reason: 'agent_offline' });
    const sent = await customer.send('Hello?');
    expect(sent.json.routing).toMatchObject({ decision: 'held', reason: 'agent_offline' });
    // The chosen status is kept (intention): the console comes back and gets the request then.
    const tab = s.socket({ token: me.token });
    const alert = nextEvent(tab, 'service-request:new');
    await connected(tab);
    expect((await alert).id).toBe(sent.json.request.id);
    await eventually(async () => (await requestRow(sent.json.request.id)).status === 'delivered');
  });

  it('an unanswered offer hops at most MAX_HOPS times (1 here), then waits for the exclusive agent', async () => {
    await s.agent('slow-bound', 80);
    await s.agent('slow-cover-a', 79);
    await s.agent('slow-cover-b', 78);
    const bound = await s.online('slow-bound');
    const a = await s.online('slow-cover-a');
    const b = await s.online('slow-cover-b');
    const customer = await s.customerOf('Patient', 'slow-bound');
    const seen = { bound: s.recordAlerts(bound.tab), a: s.recordAlerts(a.tab), b: s.recordAlerts(b.tab) };
    const sent = await customer.send('No rush');
    const id = sent.json.request.id;
    await eventually(async () => (await requestRow(id)).agentId === a.id, 10_000);
    const moved = await eventually(async () => {
      const r = await requestRow(id);
      return r.agentId === bound.id && r.hops === 1 ? r : null;
    }, 10_000);
    expect(moved.offeredAt).not.toBeNull();
    // The alert back to the exclusive agent is sent after the write: wait for it, then look at everyone's.
    await eventually(async () => seen.bound.length === 2);
    expect(seen).toEqual({ bound: [id, id], a: [id], b: [] });
  });

  it('a cover speaks the language the customer wrote in, and the customer is told who has it', async () => {
    await s.agent('zh-bound', 70, 'away');
    await s.agent('zh-only', 69, 'online', { languages: ['zh-CN'] });
    await s.agent('en-speaker', 40, 'online', { languages: ['en'] });
    await s.online('zh-only');
    await s.online('en-speaker');
    const customer = await s.customerOf('English Reader', 'zh-bound');
    const sent = await customer.send('My parcel is late', { cookie: `${customer.client.cookieHeader()}; locale=en` });
    expect(sent.json.routing).toMatchObject({ decision: 'held', reason: 'agent_away' });
    const taken = await customer.client.post(`/api/service-requests/${sent.json.request.id}/cover`);
    expect(taken.status).toBe(200);
    expect(taken.json.agent.handle).toBe('en-speaker');
    // Pressing "help me now" again does not bounce it on.
    expect((await customer.client.post(`/api/service-requests/${sent.json.request.id}/cover`)).status).toBe(409);
  });

  it('someone waiting for any agent hears it the moment one becomes available', async () => {
    await s.agent('latecomer', 60, 'offline');
    const visitor = s.socket({ visitor: true });
    await connected(visitor);
    visitor.emit('agents:watch', { on: true });
    const me = await s.online('latecomer');
    const heard = nextEvent(visitor, 'agents:available');
    await ask(me.tab, 'agent:set-status', { status: 'online' });
    await heard;
  });
});
