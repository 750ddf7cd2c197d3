import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { hashPassword } from '../../lib/credentials/password.ts';
import { makeAgent } from '../helpers/db.ts';
import { connectSocket, connected, createClient, nextEvent, startServer, type RunningServer, ask, printLogsOnFailure } from '../helpers/server.ts';

let server: RunningServer;
afterEach(printLogsOnFailure(() => server));
let ids: { top: string; second: string; third: string };
const sockets: Socket[] = [];
const open = (opts: { cookie?: string; token?: string }) => {
  const s = connectSocket(server.url, opts);
  sockets.push(s);
  return s;
};

beforeAll(async () => {
  server = await startServer();
  const passwordHash = await hashPassword('right-password');
  const top = await makeAgent(server.db, { capability: 95, handle: 'top', passwordHash, connected: false });
  const second = await makeAgent(server.db, { capability: 90, handle: 'second', passwordHash, connected: false });
  const third = await makeAgent(server.db, { capability: 85, handle: 'third', passwordHash, connected: false });
  await makeAgent(server.db, { capability: 99, handle: 'away', status: 'away', passwordHash, connected: false });
  // A live console would make 'absent' available: it has none, so it is never offered.
  await makeAgent(server.db, { capability: 100, handle: 'absent', passwordHash, connected: false });
  ids = { top: top.id, second: second.id, third: third.id };
  // Agents are available only with a console open: each of these keeps one open for the whole file.
  for (const handle of ['top', 'second', 'third'] as const) consoles[handle] = await openConsole(handle);
});

const consoles: Record<string, Socket> = {};
const openConsole = async (handle: string) => {
  const { token } = await signIn(handle);
  const socket = open({ token });
  recordAlerts(socket); // a real console confirms what it shows
  const registered = nextEvent(socket, 'agent:status');
  await connected(socket);
  await registered;
  return socket;
};

afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await server?.stop();
});

const signIn = async (handle: string) => {
  const agent = createClient(server.url);
  const res = await agent.post('/api/agent/login', { email: `${handle}@test.local`, password: 'right-password' });
  expect(res.status).toBe(200);
  return { client: agent, token: res.json.token as string, id: res.json.agent.id as string };
};

/** Records every alert a socket receives, confirming each as on screen. */
const recordAlerts = (socket: Socket) => {
  const got: string[] = [];
  socket.on('service-request:new', (alert: { id: string }, received: (v: boolean) => void) => {
    got.push(alert.id);
    received(true);
  });
  return got;
};

const bindNewCustomer = async (name: string, agentHandleToChoose: 'top' | 'second' | 'third') => {
  const c = createClient(server.url);
  expect((await c.post('/api/customers', { name, email: `${name.toLowerCase()}@example.com` })).status).toBe(201);
  let m = await c.post('/api/matches');
  while (m.json.agent && m.json.agent.handle !== agentHandleToChoose) m = await c.post(`/api/matches/${m.json.matchId}/skip`);
  expect((await c.post(`/api/matches/${m.json.matchId}/choose`)).status).toBe(201);
  return c;
};

describe('the public contract, end to end through a real server', () => {
  it('find → skip → choose → request → only the bound agent is alerted → ack reaches the customer', async () => {
    const customer = createClient(server.url);
    const created = await customer.post('/api/customers', { name: '王小明', phone: '+86 138 0013 8000', im: 'wx_xiaoming' });
    expect(created.status).toBe(201);
    expect(created.json.customer).toMatchObject({ name: '王小明', phone: '+86 138 0013 8000', im: 'wx_xiaoming' });
    expect(customer.cookieHeader()).toContain('ea_customer=');
    expect((await customer.get('/api/me/agent')).status).toBe(404);

    const match = await customer.post('/api/matches');
    expect(match.status).toBe(201);
    expect(match.json.agent).toMatchObject({ id: ids.top, handle: 'top', capability: 95, status: 'online' });
    expect(match.json.agent).not.toHaveProperty('email');
    const skipped = await customer.post(`/api/matches/${match.json.matchId}/skip`);
    expect(skipped.status).toBe(200);
    expect(skipped.json.agent.id).toBe(ids.second);
    const chosen = await customer.post(`/api/matches/${match.json.matchId}/choose`);
    expect(chosen.status).toBe(201);
    expect(chosen.json.binding).toMatchObject({ agentId: ids.second, contact: { phone: '+86 138 0013 8000', im: 'wx_xiaoming' } });
    const mine = await customer.get('/api/me/agent');
    expect(mine.status).toBe(200);
    expect(mine.json.agent.id).toBe(ids.second);

    // Two agents online: the bound one (token auth) and another (cookie auth); a customer socket; a stranger.
    const bound = await signIn('second');
    const other = await signIn('top');
    const boundSocket = open({ token: bound.token });
    const otherSocket = open({ cookie: other.client.cookieHeader() });
    const customerSocket = open({ cookie: customer.cookieHeader() });
    const stranger = open({});
    const boundAlerts = recordAlerts(boundSocket);
    const otherAlerts = recordAlerts(otherSocket);
    const strangerAlerts = recordAlerts(stranger);
    await Promise.all([connected(boundSocket), connected(otherSocket), connected(customerSocket)]);
    await expect(connected(stranger)).rejects.toThrow('unauthenticated');

    const alertArrives = nextEvent(boundSocket, 'service-request:new');
    const deliveredSeen = nextEvent(customerSocket, 'service-request:update');
    const sent = await customer.post('/api/service-requests', { message: 'My order #1234 never arrived' }, { 'Idempotency-Key': 'order-1234-first-try' });
    expect(sent.status).toBe(201);
    expect(sent.json.request).toMatchObject({ agentId: ids.second, status: 'pending' });
    const alert = await alertArrives;
    expect(alert).toMatchObject({
      id: sent.json.request.id,
      message: 'My order #1234 never arrived',
      customer: { name: '王小明', phone: '+86 138 0013 8000', im: 'wx_xiaoming' },
    });
    expect(typeof alert.createdAt).toBe('string');
    expect(await deliveredSeen).toEqual({ id: sent.json.request.id, status: 'delivered' });

    // Another agent may not acknowledge it.
    const refused = await ask(otherSocket, 'service-request:ack', { id: sent.json.request.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const ackSeen = nextEvent(customerSocket, 'service-request:update');
    const ack = await ask(boundSocket, 'service-request:ack', { id: sent.json.request.id });
    expect(ack).toEqual({ ok: true, request: { id: sent.json.request.id, status: 'acknowledged' } });
    expect(await ackSeen).toEqual({ id: sent.json.request.id, status: 'acknowledged' });
    const read = await customer.get(`/api/service-requests/${sent.json.request.id}`);
    expect(read.json.request.status).toBe('acknowledged');

    // Same Idempotency-Key: same request, no second alert. A later request acts as a barrier:
    // Socket.IO keeps order on one connection, so a duplicate would have arrived before it.
    const replay = await customer.post('/api/service-requests', { message: 'My order #1234 never arrived' }, { 'Idempotency-Key': 'order-1234-first-try' });
    expect(replay.status).toBe(200);
    expect(replay.json.request.id).toBe(sent.json.request.id);
    const barrier = nextEvent(boundSocket, 'service-request:new');
    const next = await customer.post('/api/service-requests', { message: 'And one more thing' }, { 'Idempotency-Key': 'order-1234-second' });
    expect((await barrier).id).toBe(next.json.request.id);
    expect(boundAlerts).toEqual([sent.json.request.id, next.json.request.id]);

    // The other agent's barrier: a request from their own customer is the only alert they ever saw.
    const theirs = await bindNewCustomer('Lucy', 'top');
    const otherBarrier = nextEvent(otherSocket, 'service-request:new');
    const theirRequest = await theirs.post('/api/service-requests', { message: 'hello' }, { 'Idempotency-Key': 'lucy-hello-0001' });
    expect((await otherBarrier).id).toBe(theirRequest.json.request.id);
    expect(otherAlerts).toEqual([theirRequest.json.request.id]);
    expect(strangerAlerts).toEqual([]);

    // Owner only.
    expect((await theirs.get(`/api/service-requests/${sent.json.request.id}`)).status).toBe(404);
  });

  it('a socket without a session is refused, and the refusal is seen even when looked for late', async () => {
    const stranger = open({});
    // The refusal has arrived before the test looks (as when it first awaits other sockets).
    await new Promise((resolve) => stranger.once('connect_error', resolve));
    await expect(connected(stranger, 2000)).rejects.toThrow('unauthenticated');
  });

  it('a request made while the agent has no tab open is delivered when they connect', async () => {
    const customer = await bindNewCustomer('Mark', 'third');
    consoles.third!.disconnect();
    const sent = await customer.post('/api/service-requests', { message: 'Are you there?' }, { 'Idempotency-Key': 'mark-are-you-there' });
    expect(sent.status).toBe(201);
    const agent = await signIn('third');
    const socket = open({ token: agent.token });
    const alert = await nextEvent(socket, 'service-request:new');
    expect(alert.id).toBe(sent.json.request.id);
  });

  it('rebinding sends new requests to the new agent', async () => {
    const customer = await bindNewCustomer('Rita', 'top');
    let m = await customer.post('/api/matches');
    m = await customer.post(`/api/matches/${m.json.matchId}/skip`);
    expect(m.json.agent.id).toBe(ids.second);
    await customer.post(`/api/matches/${m.json.matchId}/choose`);
    const sent = await customer.post('/api/service-requests', { message: 'hi' }, { 'Idempotency-Key': 'rita-after-rebind' });
    expect(sent.json.request.agentId).toBe(ids.second);
  });
});

describe('bad input gets a 4xx naming the field; nothing leaks', () => {
  it.each([
    ['/api/customers', { name: 'A', email: 'not-an-email' }, 400, 'email'],
    ['/api/customers', { email: 'a@example.com' }, 400, 'name'],
    ['/api/customers', { name: 'A' }, 400, 'contact'],
    ['/api/customers', { name: 'A', phone: 'call me' }, 400, 'phone'],
    ['/api/customers', '{not json', 400, 'body'],
    ['/api/agent/login', { password: 'x' }, 400, 'email'],
    ['/api/agent/login', { email: 'top@test.local', password: 'wrong' }, 401, 'password'],
    ['/api/agent/login', { email: 'nobody@test.local', password: 'wrong' }, 401, 'password'],
  ])('POST %s %j → %i (%s)', async (path, body, status, field) => {
    const res = await createClient(server.url).post(path, body);
    expect(res.status).toBe(status);
    expect(res.json.error.field).toBe(field);
    expect(typeof res.json.error.message).toBe('string');
    expect(JSON.stringify(res.json)).not.toMatch(/at .*\.ts|stack/i);
  });

  it('requests need a customer session, a message and an Idempotency-Key', async () => {
    const anonymous = createClient(server.url);
    expect((await anonymous.post('/api/service-requests', { message: 'hi' }, { 'Idempotency-Key': 'anon-1234567' })).status).toBe(401);
    const customer = await bindNewCustomer('Nina', 'top');
    const noKey = await customer.post('/api/service-requests', { message: 'hi' });
    expect(noKey.status).toBe(400);
    expect(noKey.json.error.field).toBe('Idempotency-Key');
    const noMessage = await customer.post('/api/service-requests', { message: '   ' }, { 'Idempotency-Key': 'nina-empty-msg' });
    expect(noMessage.status).toBe(400);
    expect(noMessage.json.error.field).toBe('message');
    expect(await server.db.serviceRequest.count({ where: { customer: { name: 'Nina' } } })).toBe(0);
  });

  it('choose needs a customer session; an unknown match is 404', async () => {
    const anonymous = createClient(server.url);
    const m = await anonymous.post('/api/matches');
    const res = await anonymous.post(`/api/matches/${m.json.matchId}/choose`);
    expect(res.status).toBe(401);
    expect(res.json.error).toMatchObject({ code: 'customer_required', field: 'customer' });
    expect((await anonymous.post('/api/matches/does-not-exist/skip')).status).toBe(404);
  });

  it('a first visit asks "who am I" and hears "nobody yet" (200, no error in the browser console)', async () => {
    const visitor = createClient(server.url);
    const first = await visitor.get('/api/customers/me');
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ customer: null });
    expect((await visitor.post('/api/customers', { name: 'Olga', email: 'olga@example.com' })).status).toBe(201);
    expect((await visitor.get('/api/customers/me')).json.customer).toMatchObject({ name: 'Olga', email: 'olga@example.com' });
  });
});
