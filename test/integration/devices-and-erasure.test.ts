// Issue 25, part 3: a customer's devices (listed, signed out with their sockets), "download my data"
// (everything stored, no secrets) and "delete my data" (erased, counts kept, every session and socket ended).
import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { createSession, hashToken } from '../../lib/credentials/sessions.ts';
import { ERASED_NAME, ERASURE_NOTE } from '../../lib/identity/erase-customer.ts';
import { ask, connectSocket, connected, createClient, nextEventWhere, printLogsOnFailure, startServer, type RunningServer } from '../helpers/server.ts';
import { scenario } from '../helpers/scenario.ts';

const PIXEL = 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36';
const WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const PUSH_KEYS = { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA-secret-key', auth: 'tBHItJI5svbpez7KI4CCXg-auth' };

const SHOP_SECRET = 'the-shop-signs-identities-with-this-0123456789';
/** The shop's signed word that its user `sub` is signed in (issue 25 part 1, HS256). */
const shopToken = (sub: string, name: string) =>
  new SignJWT({ name, email: `${sub}@shop.example` }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode(SHOP_SECRET));

let server: RunningServer;
afterEach(printLogsOnFailure(() => server));
const play = scenario(() => server);
const sockets: Socket[] = [];

beforeAll(async () => {
  // The periodic session re-check is pushed far out: a socket that closes here was closed at once.
  server = await startServer({ env: { RATE_LIMIT_MULTIPLIER: '100', SESSION_RECHECK_MS: '600000', IDENTITY_SECRET: SHOP_SECRET } });
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  play.closeAll();
  await server?.stop();
});

/** One call with a raw cookie, as a browser holding that cookie would make it. */
const call = async (cookie: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(server.url + path, {
    method,
    headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null, headers: res.headers };
};

/** A customer who signed up on a phone (that User-Agent recorded) and chose agent `handle`. */
const customerOn = async (name: string, handle: string, ua = PIXEL) => {
  const c = createClient(server.url);
  const email = `${name.toLowerCase().replace(/\s/g, '.')}@example.com`;
  expect((await c.post('/api/customers', { name, email, phone: '+86 138 0013 8000' }, { 'user-agent': ua })).status).toBe(201);
  let m = await c.post('/api/matches');
  while (m.json.agent && m.json.agent.handle !== handle) m = await c.post(`/api/matches/${m.json.matchId}/skip`);
  expect((await c.post(`/api/matches/${m.json.matchId}/choose`)).status).toBe(201);
  const id = (await c.get('/api/customers/me')).json.customer.id as string;
  return { client: c, id, email, cookie: c.cookieHeader() };
};

/** Another device of the same customer (as a handoff or shop sign-in will make one): its own session. */
const secondDevice = async (customerId: string, ua: string) => {
  const { token } = await createSession({ db: server.db, kind: 'customer', subjectId: customerId, userAgent: ua });
  return { token, cookie: `ea_customer=${token}` };
};

const openSocket = async (cookie: string) => {
  const s = connectSocket(server.url, { cookie });
  sockets.push(s);
  await connected(s);
  return s;
};

describe('your devices', () => {
  it('lists every signed-in device in words, marks this one, and never shows a token or its hash', async () => {
    await play.agent('dev-x', 90);
    await play.online('dev-x');
    const a = await customerOn('Li Ming', 'dev-x');
    const laptop = await secondDevice(a.id, WINDOWS);

    const fromPhone = await call(a.cookie, 'GET', '/api/customers/me/sessions');
    expect(fromPhone.status).toBe(200);
    const list = fromPhone.json.sessions as { id: string; device: string; current: boolean; since: string; lastUsedAt: string }[];
    expect(list.map((d) => [d.device, d.current]).sort()).toEqual([
      ['Chrome on Android', true],
      ['Chrome on Windows', false],
    ]);
    for (const d of list) {
      expect(d.id).toMatch(/^d1_[A-Za-z0-9_-]{22}$/);
      expect(Date.parse(d.since)).not.toBeNaN();
      expect(Date.parse(d.lastUsedAt)).not.toBeNaN();
    }
    const phoneToken = a.cookie.match(/ea_customer=([^;]+)/)![1]!;
    for (const secret of [phoneToken, hashToken(phoneToken), laptop.token, hashToken(laptop.token)]) expect(fromPhone.text).not.toContain(secret);

    // The same list from the laptop: now the laptop is "this device".
    const fromLaptop = await call(laptop.cookie, 'GET', '/api/customers/me/sessions');
    expect(fromLaptop.json.sessions.find((d: { current: boolean }) => d.current).device).toBe('Chrome on Windows');
    expect(fromLaptop.json.sessions.map((d: { id: string }) => d.id).sort()).toEqual(list.map((d) => d.id).sort());
  });

  it('signing a device out closes its socket at once and its next call is 401; another customer’s device is 404', async () => {
    await play.agent('dev-y', 85);
    await play.online('dev-y');
    const a = await customerOn('Wang Fang', 'dev-y');
    const b = await customerOn('Zhao Lei', 'dev-y', IPHONE);
    const laptop = await secondDevice(a.id, WINDOWS);
    const laptopSocket = await openSocket(laptop.cookie);
    const phoneSocket = await openSocket(a.cookie);
    expect((await call(laptop.cookie, 'GET', '/api/customers/me/settings')).status).toBe(200);

    const list = (await call(a.cookie, 'GET', '/api/customers/me/sessions')).json.sessions as { id: string; current: boolean }[];
    const laptopId = list.find((d) => !d.current)!.id;
    // Not B's to sign out, whatever B knows; nor an id that is nobody's; a malformed one names the field.
    expect(await call(b.cookie, 'DELETE', `/api/customers/me/sessions/${laptopId}`).then((r) => [r.status, r.json.error.code])).toEqual([404, 'not_found']);
    expect(await call(a.cookie, 'DELETE', '/api/customers/me/sessions/d1_AAAAAAAAAAAAAAAAAAAAAA').then((r) => [r.status, r.json.error.field])).toEqual([404, 'id']);
    expect(await call(a.cookie, 'DELETE', `/api/customers/me/sessions/${encodeURIComponent('not an id!')}`).then((r) => [r.status, r.json.error.field])).toEqual([400, 'id']);
    expect(connectSocketStillOpen(laptopSocket)).toBe(true);

    const closed = new Promise<string>((r) => laptopSocket.once('disconnect', r));
    const res = await call(a.cookie, 'DELETE', `/api/customers/me/sessions/${laptopId}`);
    expect(res.status).toBe(204);
    // Signing another device out leaves this one's cookie alone.
    expect(res.headers.getSetCookie().some((c) => c.startsWith('ea_customer=;'))).toBe(false);
    expect(await closed).toBe('io server disconnect');
    expect((await call(laptop.cookie, 'GET', '/api/customers/me/settings')).status).toBe(401);
    expect((await call(laptop.cookie, 'GET', '/api/customers/me')).json.customer).toBeNull();
    // This device goes on: its socket is open, its list has one device left.
    expect(phoneSocket.connected).toBe(true);
    const after = (await call(a.cookie, 'GET', '/api/customers/me/sessions')).json.sessions;
    expect(after).toHaveLength(1);
    expect(after[0].current).toBe(true);
    // Signed out again: the id is not a live device any more.
    expect((await call(a.cookie, 'DELETE', `/api/customers/me/sessions/${laptopId}`)).status).toBe(404);
  });
});

const connectSocketStillOpen = (s: Socket) => s.connected;

/** A customer with something of every kind stored: request with thread, rating, gift, callback, push. */
const customerWithHistory = async (name: string, handle: string) => {
  const x = await play.online(handle);
  const a = await customerOn(name, handle);
  // A request the agent answered and resolved, then rated with a comment.
  const done = await a.client.post('/api/service-requests', { message: `${name}: my parcel never came` }, { 'Idempotency-Key': `${a.id}-done-0001` });
  expect(done.status).toBe(201);
  const doneId = done.json.request.id as string;
  expect((await a.client.post(`/api/service-requests/${doneId}/messages`, { body: 'Order 12345, sent to Shanghai' })).status).toBe(201);
  expect((await ask(x.tab, 'service-request:reply', { id: doneId, body: 'Found it, arriving tomorrow' })).ok).toBe(true);
  expect((await ask(x.tab, 'service-request:resolve', { id: doneId })).ok).toBe(true);
  expect((await a.client.post(`/api/service-requests/${doneId}/rating`, { stars: 4, comment: 'Quick and kind' })).status).toBe(201);
  // One still open.
  const open = await a.client.post('/api/service-requests', { message: `${name}: please change my address` }, { 'Idempotency-Key': `${a.id}-open-0001` });
  expect(open.status).toBe(201);
  expect((await a.client.post('/api/me/agent/gifts', { giftId: 'flower', note: 'Thanks a lot' })).status).toBe(201);
  const slots = await a.client.get('/api/callbacks/slots');
  const booked = await a.client.post('/api/callbacks', { at: slots.json.slots[0], phone: '+86 139 0000 1111', note: 'After lunch please' });
  expect(booked.status).toBe(201);
  const endpoint = `https://push.example.com/send/${a.id}`;
  expect((await a.client.post('/api/push/subscriptions', { endpoint, keys: PUSH_KEYS })).status).toBe(201);
  return { x, a, doneId, openId: open.json.request.id as string, callbackId: booked.json.callback.id as string, endpoint };
};

describe('download my data', () => {
  it('is a JSON file of everything stored about me, with no token, hash or push key', async () => {
    await play.agent('exp-x', 80);
    const { x, a, doneId, openId, endpoint } = await customerWithHistory('Chen Jing', 'exp-x');
    const laptop = await secondDevice(a.id, WINDOWS);

    const res = await call(a.cookie, 'GET', '/api/customers/me/export');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="exclusive-agent-my-data-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const data = JSON.parse(res.text);
    expect(data.profile).toMatchObject({ id: a.id, name: 'Chen Jing', email: a.email, phone: '+86 138 0013 8000', erasedAt: null });
    expect(data.bindings).toHaveLength(1);
    expect(data.bindings[0]).toMatchObject({ agent: { id: x.id }, contact: { email: a.email }, endedAt: null });
    const done = data.requests.find((r: { id: string }) => r.id === doneId);
    expect(done).toMatchObject({ message: 'Chen Jing: my parcel never came', status: 'resolved', handledBy: { id: x.id } });
    expect(done.thread.map((m: { author: string; body: string }) => [m.author, m.body])).toEqual([
      ['customer', 'Order 12345, sent to Shanghai'],
      ['agent', 'Found it, arriving tomorrow'],
    ]);
    expect(data.requests.find((r: { id: string }) => r.id === openId).status).not.toBe('resolved');
    expect(data.ratings).toEqual([expect.objectContaining({ requestId: doneId, stars: 4, comment: 'Quick and kind' })]);
    expect(data.gifts).toEqual([expect.objectContaining({ giftId: 'flower', note: 'Thanks a lot', agent: expect.objectContaining({ id: x.id }) })]);
    expect(data.callbacks).toEqual([expect.objectContaining({ phone: '+86 139 0000 1111', note: 'After lunch please', status: 'booked' })]);
    expect(data.pushSubscriptions).toEqual([{ endpoint, createdAt: expect.any(String) }]);
    expect(data.sessions.map((s: { device: string }) => s.device).sort()).toEqual(['Chrome on Android', 'Chrome on Windows']);
    // No secrets: not the push keys, not a session token, not the hash the database finds it by.
    const phoneToken = a.cookie.match(/ea_customer=([^;]+)/)![1]!;
    for (const secret of [PUSH_KEYS.p256dh, PUSH_KEYS.auth, phoneToken, hashToken(phoneToken), laptop.token, hashToken(laptop.token)]) expect(res.text).not.toContain(secret);
    // And only mine: nobody without a customer session gets a file.
    expect((await fetch(`${server.url}/api/customers/me/export`)).status).toBe(401);
  });
});

describe('delete my data', () => {
  it('erases name, contacts and words, ends binding, calls, pushes, sessions and sockets; the agent sees no contact; counts stay', async () => {
    await play.agent('era-x', 75);
    const { x, a, doneId, openId, callbackId } = await customerWithHistory('Liu Yang', 'era-x');
    const laptop = await secondDevice(a.id, WINDOWS);
    const phoneSocket = await openSocket(a.cookie);
    const laptopSocket = await openSocket(laptop.cookie);
    const before = await server.db.agent.findUniqueOrThrow({ where: { id: x.id } });
    expect(before.activeBindings).toBe(1);
    const requestsBefore = await server.db.serviceRequest.count({ where: { customerId: a.id } });
    // The agent's console sees A's contact now.
    expect((await x.client.get('/api/agent/customers')).json.customers.map((c: { customer: { email?: string } }) => c.customer.email)).toContain(a.email);

    const closedPhone = new Promise<string>((r) => phoneSocket.once('disconnect', r));
    const closedLaptop = new Promise<string>((r) => laptopSocket.once('disconnect', r));
    const requestClosed = nextEventWhere(x.tab, 'service-request:update', (u: { id: string; status: string }) => u.id === openId && u.status === 'resolved');
    const callCancelled = nextEventWhere(x.tab, 'callback:changed', (c: { id: string; status: string }) => c.id === callbackId && c.status === 'cancelled');

    const res = await call(a.cookie, 'DELETE', '/api/customers/me');
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie().some((c) => /^ea_customer=;.*Max-Age=0/.test(c))).toBe(true);
    expect(await closedPhone).toBe('io server disconnect');
    expect(await closedLaptop).toBe('io server disconnect');
    await requestClosed;
    await callCancelled;
    for (const cookie of [a.cookie, laptop.cookie]) {
      expect((await call(cookie, 'GET', '/api/customers/me/settings')).status).toBe(401);
      expect((await call(cookie, 'GET', '/api/customers/me')).json.customer).toBeNull();
    }
    await expect(connected(connectSocket(server.url, { cookie: a.cookie }), 5000)).rejects.toThrow();

    // Stored: no name, no contact, no words.
    const customer = await server.db.customer.findUniqueOrThrow({ where: { id: a.id } });
    expect(customer).toMatchObject({ name: ERASED_NAME, phone: null, email: null, im: null });
    expect(customer.erasedAt).toBeInstanceOf(Date);
    const bindings = await server.db.binding.findMany({ where: { customerId: a.id } });
    expect(bindings.map((b) => [b.endReason, b.contactEmail, b.contactPhone, b.endedAt !== null])).toEqual([['customer-erased', null, null, true]]);
    const requests = await server.db.serviceRequest.findMany({ where: { customerId: a.id }, include: { messages: true } });
    expect(requests).toHaveLength(requestsBefore);
    expect(new Set(requests.map((r) => r.message))).toEqual(new Set([ERASURE_NOTE]));
    expect(requests.find((r) => r.id === openId)!.status).toBe('resolved');
    const thread = requests.find((r) => r.id === doneId)!.messages;
    expect(thread.filter((m) => m.author === 'customer').map((m) => m.body)).toEqual([ERASURE_NOTE]);
    // The agent's own words stay theirs.
    expect(thread.filter((m) => m.author === 'agent').map((m) => m.body)).toEqual(['Found it, arriving tomorrow']);
    const rating = await server.db.rating.findUniqueOrThrow({ where: { requestId: doneId } });
    expect([rating.stars, rating.comment]).toEqual([4, null]);
    expect((await server.db.giftSent.findMany({ where: { customerId: a.id } })).map((g) => [g.giftId, g.note])).toEqual([['flower', null]]);
    const cb = await server.db.callback.findUniqueOrThrow({ where: { id: callbackId } });
    expect([cb.status, cb.phone, cb.note]).toEqual(['cancelled', '', '']);
    expect(await server.db.pushSubscription.count({ where: { customerId: a.id } })).toBe(0);
    expect(await server.db.session.count({ where: { kind: 'customer', subjectId: a.id, revokedAt: null } })).toBe(0);

    // The agent's place is given back; the anonymous figures (stars, gifts) stay.
    const afterAgent = await server.db.agent.findUniqueOrThrow({ where: { id: x.id } });
    expect(afterAgent.activeBindings).toBe(0);
    expect([afterAgent.ratingCount, afterAgent.ratingSum, afterAgent.giftCount]).toEqual([before.ratingCount, before.ratingSum, before.giftCount]);
    expect(afterAgent.ratingCount).toBe(1);

    // The agent's consoles: no contact, no name, no words of A anywhere they read.
    const views = [
      await x.client.get('/api/agent/customers'),
      await x.client.get('/api/agent/requests'),
      await x.client.get('/api/agent/callbacks'),
      await x.client.get('/api/agent/feedback'),
    ];
    for (const v of views) {
      expect(v.status).toBe(200);
      const text = JSON.stringify(v.json);
      for (const gone of [a.email, '138 0013 8000', '139 0000 1111', 'Liu Yang', 'parcel never came', 'Order 12345', 'Quick and kind', 'Thanks a lot', 'After lunch']) expect(text).not.toContain(gone);
    }
    expect((await x.client.get('/api/agent/customers')).json.customers).toEqual([]);
    expect((await x.client.get(`/api/agent/customers/${a.id}`)).status).toBe(404);

    // The browser that had erased itself starts as a stranger: a new customer, no agent.
    const fresh = createClient(server.url);
    expect((await fresh.post('/api/customers', { name: 'Someone New', email: 'new@example.com' })).status).toBe(201);
    expect((await fresh.get('/api/customers/me')).json.customer.id).not.toBe(a.id);
  });

  it('the same shop user afterwards starts a new customer with no agent; a handoff code made before lets nobody in', async () => {
    await play.agent('era-shop', 70);
    await play.online('era-shop');
    const phone = createClient(server.url);
    const first = await phone.post('/api/customers/identify', { token: await shopToken('shop-user-25', 'Sun Li') }, { 'user-agent': PIXEL });
    expect(first.status).toBe(201);
    let m = await phone.post('/api/matches');
    while (m.json.agent && m.json.agent.handle !== 'era-shop') m = await phone.post(`/api/matches/${m.json.matchId}/skip`);
    expect((await phone.post(`/api/matches/${m.json.matchId}/choose`)).status).toBe(201);
    // A sign-in made by the shop is a device too, named from its User-Agent.
    expect((await phone.get('/api/customers/me/sessions')).json.sessions.map((d: { device: string }) => d.device)).toEqual(['Chrome on Android']);
    const handoff = await phone.post('/api/customers/me/handoff');
    expect(handoff.status).toBe(201);
    expect((await call(phone.cookieHeader(), 'GET', '/api/customers/me/export')).json.profile.externalId).toBe('shop-user-25');

    expect((await call(phone.cookieHeader(), 'DELETE', '/api/customers/me')).status).toBe(204);
    expect((await server.db.customer.findUniqueOrThrow({ where: { id: first.json.customer.id } })).externalId).toBeNull();
    const laptop = createClient(server.url);
    expect((await laptop.post('/api/customers/handoff', { code: handoff.json.code })).json.error).toMatchObject({ code: 'invalid_code', field: 'code' });

    const again = await laptop.post('/api/customers/identify', { token: await shopToken('shop-user-25', 'Sun Li') });
    expect(again.status).toBe(201);
    expect(again.json.customer.id).not.toBe(first.json.customer.id);
    const agent = await laptop.get('/api/me/agent');
    expect([agent.status, agent.json.error.code]).toEqual([404, 'not_found']);
  });
});
