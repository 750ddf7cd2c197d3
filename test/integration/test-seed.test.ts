import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_AGENTS, DEMO_PASSWORD, seedDemoAgents } from '../../lib/demo/seed.ts';
import { connected, connectSocket, createClient, eventually, nextEvent, printLogsOnFailure, startServer, type RunningServer } from '../helpers/server.ts';

// The e2e server's test-only seeding API (test/seed): it exists only when TEST_SEED_API=1.
const remove = (server: RunningServer, handle: string) => fetch(`${server.url}/api/test/agents/${handle}`, { method: 'DELETE' });

describe('without TEST_SEED_API=1 (every real deployment)', () => {
  let server: RunningServer;
  afterEach(printLogsOnFailure(() => server));
  beforeAll(async () => {
    server = await startServer({ env: { DEMO_AGENTS: '0' } });
  });
  afterAll(() => server?.stop());

  it('answers 404 and makes or removes nothing', async () => {
    const before = await server.db.agent.count();
    const made = await createClient(server.url).post('/api/test/agents', { capability: 99 });
    expect(made.status).toBe(404);
    expect(made.json).toMatchObject({ error: { code: 'not_found' } });
    expect(await server.db.agent.count()).toBe(before);

    await server.db.agent.create({ data: { handle: 'e2e-real', email: 'e2e-real@example.com', name: 'Real', nameZh: '真', capability: 50, status: 'online' } });
    expect((await remove(server, 'e2e-real')).status).toBe(404);
    expect((await server.db.agent.findUniqueOrThrow({ where: { handle: 'e2e-real' } })).active).toBe(true);
    expect((await createClient(server.url).post('/api/test/demo-roster/reset')).status).toBe(404);
  });
});

describe('with TEST_SEED_API=1 (the e2e server)', () => {
  let server: RunningServer;
  afterEach(printLogsOnFailure(() => server));
  beforeAll(async () => {
    server = await startServer({ env: { DEMO_AGENTS: '0', TEST_SEED_API: '1' } });
  });
  afterAll(() => server?.stop());

  it('makes an agent of its own for a test, who signs in, is offered once at a console, and leaves at the end', async () => {
    const made = await createClient(server.url).post('/api/test/agents', { capability: 96, languages: ['en'] });
    expect(made.status).toBe(201);
    const agent = made.json.agent as { handle: string; email: string; password: string; name: string; nameZh: string };
    expect(agent.handle).toMatch(/^e2e-[0-9a-f]{10}$/);
    expect(agent.name).not.toBe('');
    expect(agent.nameZh).not.toBe('');
    const row = await server.db.agent.findUniqueOrThrow({ where: { handle: agent.handle } });
    expect(row).toMatchObject({ capability: 96, status: 'online', active: true, languages: '["en"]' });

    // Not at a console yet: not offered (presence is real, the seed does not fake it).
    const visitor = createClient(server.url);
    expect((await visitor.post('/api/matches')).json).toMatchObject({ agent: null, reason: 'none_online' });
    const login = await createClient(server.url).post('/api/agent/login', { email: agent.email, password: agent.password });
    expect(login.status).toBe(200);
    const tab = connectSocket(server.url, { token: login.json.token });
    const registered = nextEvent(tab, 'agent:status');
    await connected(tab);
    await registered;
    expect((await visitor.post('/api/matches')).json.agent).toMatchObject({ handle: agent.handle, available: true });

    const left = await remove(server, agent.handle);
    expect(left.status).toBe(200);
    expect((await server.db.agent.findUniqueOrThrow({ where: { handle: agent.handle } })).active).toBe(false);
    // Gone for later tests, though the console is still open: never offered, cannot sign in.
    expect((await visitor.post('/api/matches')).json).toMatchObject({ agent: null });
    expect((await createClient(server.url).post('/api/agent/login', { email: agent.email, password: agent.password })).status).toBe(401);
    tab.disconnect();
  });

  it('removes only agents it made, and says which field is wrong', async () => {
    await server.db.agent.create({ data: { handle: 'li.ming', email: 'li.ming@demo.local', name: 'Li Ming', nameZh: '李明', capability: 97, status: 'online' } });
    const refused = await remove(server, 'li.ming');
    expect(refused.status).toBe(403);
    expect((await server.db.agent.findUniqueOrThrow({ where: { handle: 'li.ming' } })).active).toBe(true);
    expect((await remove(server, 'e2e-nobody')).status).toBe(404);
    // A handle is checked before use, like any route id.
    const hostile = await remove(server, 'e2e-a%20b%00');
    expect(hostile.status).toBe(400);
    expect((await hostile.json()).error.field).toBe('handle');

    const bad = await createClient(server.url).post('/api/test/agents', { capability: 101 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe('capability');
  });
});

describe('the demo roster reset (TEST_SEED_API=1, with the demo crowd)', () => {
  let server: RunningServer;
  afterEach(printLogsOnFailure(() => server));
  beforeAll(async () => {
    server = await startServer({ env: { DEMO_AGENTS: '1', TEST_SEED_API: '1', DEMO_ACK_MIN_MS: '100', DEMO_ACK_MAX_MS: '200' } });
    await seedDemoAgents(server.db);
  });
  afterAll(() => server?.stop());

  const crowd = DEMO_AGENTS.filter((a) => a.status === 'online').length;
  const consolesOf = async (handle: string) => server.db.agentConnection.count({ where: { agent: { handle } } });
  const reset = async () => {
    const res = await createClient(server.url).post('/api/test/demo-roster/reset');
    expect(res.status).toBe(200);
    return res.json as { restored: string[]; rejoined: string[]; stillMissing: string[] };
  };
  const availableNow = async () => {
    const m = (await createClient(server.url).post('/api/matches')).json;
    return m.agent ? 1 + m.remaining : 0;
  };

  it('brings back a demo console that went quiet when the real person signed in, and the status the seed gave', async () => {
    expect((await reset()).stillMissing).toEqual([]);
    expect(await availableNow()).toBe(crowd);

    // The real Li Ming signs in: the demo console for him goes quiet; he chooses away and leaves.
    const login = await createClient(server.url).post('/api/agent/login', { email: 'li.ming@demo.local', password: DEMO_PASSWORD });
    const real = connectSocket(server.url, { token: login.json.token });
    const registered = nextEvent(real, 'agent:status');
    await connected(real);
    await registered;
    await eventually(async () => (await consolesOf('li.ming')) === 1);
    const away = await fetch(`${server.url}/api/agent/status`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${login.json.token}` },
      body: JSON.stringify({ status: 'away' }),
    });
    expect(away.status).toBe(200);
    real.disconnect();
    await eventually(async () => (await consolesOf('li.ming')) === 0);
    expect(await availableNow()).toBe(crowd - 1);

    const after = await reset();
    expect(after).toEqual({ restored: ['li.ming'], rejoined: ['li.ming'], stillMissing: [] });
    expect(await consolesOf('li.ming')).toBe(1);
    expect(await availableNow()).toBe(crowd);

    // The console that came back is the demo's: it answers a request of Li Ming's new customer.
    const customer = createClient(server.url);
    expect((await customer.post('/api/customers', { name: 'Back Again', email: 'back.again@example.com' })).status).toBe(201);
    const match = await customer.post('/api/matches');
    expect(match.json.agent.handle).toBe('li.ming');
    expect((await customer.post(`/api/matches/${match.json.matchId}/choose`)).status).toBe(201);
    const sent = await customer.post('/api/service-requests', { message: 'Are you there?' }, { 'Idempotency-Key': 'back-again-1' });
    expect(sent.status).toBe(201);
    await eventually(async () => (await server.db.serviceRequest.findUniqueOrThrow({ where: { id: sent.json.request.id } })).status === 'acknowledged');

    // Nothing to do when the roster is as seeded.
    expect(await reset()).toEqual({ restored: [], rejoined: [], stillMissing: [] });
  });
});
