import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connected, eventually, nextEvent, startServer, type RunningServer, ask, printLogsOnFailure } from '../helpers/server.ts';
import { scenario } from '../helpers/scenario.ts';

// Issue #5 through a real server: presence with a short grace period, tabs, reconnects, replies.
const GRACE_MS = 1500;
let server: RunningServer;
afterEach(printLogsOnFailure(() => server));
const s = scenario(() => server);

beforeAll(async () => {
  server = await startServer({ env: { PRESENCE_GRACE_MS: String(GRACE_MS), SWEEP_INTERVAL_MS: '200', ACCEPT_TIMEOUT_MS: '600000' } });
});
afterEach(() => s.closeAll());
afterAll(() => server?.stop());

const statusOf = async (id: string) => (await server.db.agent.findUniqueOrThrow({ where: { id } })).status;

describe('agent console over real sockets', () => {
  it('two tabs of one agent both get the alert, and an ack from one clears it in both', async () => {
    await s.agent('tabs', 90);
    const me = await s.online('tabs');
    const tab1 = me.tab;
    const tab2 = s.socket({ cookie: me.client.cookieHeader() });
    await connected(tab2);
    const customer = await s.customerOf('Two Tabs', 'tabs');
    const both = Promise.all([nextEvent(tab1, 'service-request:new'), nextEvent(tab2, 'service-request:new')]);
    const sent = await customer.send('hello both tabs');
    const [a1, a2] = await both;
    expect(a1.id).toBe(sent.json.request.id);
    expect(a2.id).toBe(sent.json.request.id);
    // Every update tab2 gets is recorded: delivery confirmations may come first, and two updates
    // arriving together would slip between one-shot listeners.
    const updates: { id: string; status: string }[] = [];
    tab2.on('service-request:update', (u) => updates.push(u));
    expect(await ask(tab1, 'service-request:ack', { id: a1.id })).toMatchObject({ ok: true });
    await eventually(async () => updates.find((u) => u.id === a1.id && u.status === 'acknowledged'), 5000);
  });

  it('presence: a quick reconnect changes nothing; the last tab gone past the grace period makes the agent unavailable, their choice kept; back on return', async () => {
    const agent = await s.agent('presence', 80);
    const row = () => server.db.agent.findUniqueOrThrow({ where: { id: agent.id } });
    const { tab, token } = await s.online('presence');
    expect(await row()).toMatchObject({ connected: true, status: 'online' });

    // A blip: disconnect and reconnect within the grace period changes nothing.
    tab.disconnect();
    await eventually(async () => (await row()).disconnectedAt);
    const again = s.socket({ token });
    const registered = nextEvent(again, 'agent:status');
    await connected(again);
    await registered;
    expect((await row()).disconnectedAt).toBeNull();
    await new Promise((r) => setTimeout(r, GRACE_MS + 500)); // longer than the grace period, on purpose
    expect(await row()).toMatchObject({ connected: true, status: 'online' });

    // The last tab leaves: available until the grace period has passed, then not; the chosen status stays.
    const left = Date.now();
    again.disconnect();
    await eventually(async () => (await row()).disconnectedAt);
    expect((await row()).connected).toBe(true);
    await eventually(async () => (await row()).connected === false, 10_000);
    expect(Date.now() - left).toBeGreaterThanOrEqual(GRACE_MS - 100);
    expect((await row()).status).toBe('online');

    // Back: available again, told to the console.
    const back = s.socket({ token });
    const told = nextEvent(back, 'agent:status');
    await connected(back);
    expect(await told).toEqual({ status: 'online', available: true, reason: null });
  });

  it('only the last of several tabs leaving starts the grace period', async () => {
    const agent = await s.agent('many-tabs', 75);
    const row = () => server.db.agent.findUniqueOrThrow({ where: { id: agent.id } });
    const first = await s.online('many-tabs');
    const second = s.socket({ token: first.token });
    const registered = nextEvent(second, 'agent:status');
    await connected(second);
    await registered;
    first.tab.disconnect();
    await eventually(async () => (await server.db.agentConnection.count({ where: { agentId: agent.id } })) === 1);
    await new Promise((r) => setTimeout(r, GRACE_MS + 500));
    expect(await row()).toMatchObject({ connected: true, disconnectedAt: null });
    second.disconnect();
    await eventually(async () => (await row()).connected === false, 10_000);
  });

  it('an away chosen by the agent is kept when they reconnect', async () => {
    const agent = await s.agent('chosen-away', 70);
    const { tab, token } = await s.online('chosen-away');
    expect(await ask(tab, 'agent:set-status', { status: 'away' })).toEqual({ ok: true, status: 'away' });
    tab.disconnect();
    const back = s.socket({ token });
    // The server has handled the reconnect once it tells this console its status.
    const told = nextEvent(back, 'agent:status');
    await connected(back);
    expect(await told).toMatchObject({ status: 'away', available: false, reason: 'agent_away' });
    expect(await ask(back, 'agent:set-status', { status: 'busy' })).toMatchObject({ ok: false, error: { field: 'status' } });
    expect(await statusOf(agent.id)).toBe('away');
  });

  it('alerts created while the agent was disconnected arrive on reconnect, each exactly once', async () => {
    await s.agent('reconnect', 60);
    // Connected (and counted) once, then gone: the requests below are offered while nobody has a tab.
    const me = await s.online('reconnect');
    const customer = await s.customerOf('Offline Time', 'reconnect');
    me.tab.disconnect();
    const r1 = await customer.send('while you were away 1');
    const r2 = await customer.send('while you were away 2');
    const tab = s.socket({ token: me.token });
    const got = s.recordAlerts(tab);
    await connected(tab);
    await eventually(async () => got.length >= 2);
    // A live request afterwards is the barrier: anything repeated would have come before it.
    const barrier = nextEvent(tab, 'service-request:new');
    const r3 = await customer.send('now live');
    await barrier;
    expect(got).toEqual([r1.json.request.id, r2.json.request.id, r3.json.request.id]);
  });

  it("replies reach the customer's socket live and are kept on the request", async () => {
    await s.agent('replier', 50);
    const { tab } = await s.online('replier');
    const customer = await s.customerOf('Wants Reply', 'replier');
    const customerSocket = s.socket({ cookie: customer.client.cookieHeader() });
    await connected(customerSocket);
    const alert = nextEvent(tab, 'service-request:new');
    const sent = await customer.send('Where is my refund?');
    await alert;
    const heard = nextEvent(customerSocket, 'service-request:message');
    const reply = await ask(tab, 'service-request:reply', { id: sent.json.request.id, body: 'Refund sent today.' });
    expect(reply).toMatchObject({ ok: true, request: { body: 'Refund sent today.' } });
    expect(await heard).toMatchObject({ requestId: sent.json.request.id, body: 'Refund sent today.', agent: { name: 'Agent replier' } });
    const read = await customer.client.get(`/api/service-requests/${sent.json.request.id}`);
    expect(read.json.request).toMatchObject({ status: 'acknowledged', messages: [{ body: 'Refund sent today.' }] });
    const resolved = await ask(tab, 'service-request:resolve', { id: sent.json.request.id });
    expect(resolved).toMatchObject({ ok: true, request: { status: 'resolved' } });
  });

  it("shows an agent their customers' contact info and history, and nobody else's", async () => {
    await s.agent('history', 40);
    await s.agent('stranger', 39);
    const me = await s.signIn('history');
    const other = await s.signIn('stranger');
    const customer = await s.customerOf('Has History', 'history');
    await customer.send('first question');
    const mine = await me.client.get('/api/agent/customers');
    const entry = mine.json.customers.find((c: { customer: { name: string } }) => c.customer.name === 'Has History');
    expect(entry.customer.email).toBe('hashistory@example.com');
    const history = await me.client.get(`/api/agent/customers/${entry.customer.id}`);
    expect(history.json.requests.map((r: { message: string }) => r.message)).toEqual(['first question']);
    expect((await other.client.get(`/api/agent/customers/${entry.customer.id}`)).status).toBe(404);
    expect((await other.client.get('/api/agent/customers')).json.customers).toEqual([]);
  });
});
