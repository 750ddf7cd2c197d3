// Issue 13, part 3: sessions that end, and cross-site calls refused.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io as connectRaw } from 'socket.io-client';
import { deactivateAgent } from '../../lib/staff/deactivate-agent.ts';
import { silentNotifier } from '../../lib/events/dispatcher.ts';
import { connectSocket, connected, createClient, eventually, startServer, type RunningServer, printLogsOnFailure } from '../helpers/server.ts';
import { scenario } from '../helpers/scenario.ts';
import { routesOnDisk } from '../helpers/routes.ts';

let server: RunningServer;
afterEach(printLogsOnFailure(() => server));
const play = scenario(() => server);

beforeAll(async () => {
  server = await startServer({ env: { SESSION_RECHECK_MS: '200', RATE_LIMIT_MULTIPLIER: '100' } });
  for (const h of ['ann', 'bo', 'cy', 'di']) await play.agent(h, 50);
});
afterAll(async () => {
  play.closeAll();
  await server?.stop();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('sessions end', () => {
  it('after logout the old bearer token reads nothing and connects no socket', async () => {
    const ann = await play.signIn('ann');
    expect((await ann.client.get('/api/agent/customers', bearer(ann.token))).status).toBe(200);
    expect((await ann.client.post('/api/agent/logout')).status).toBe(200);
    const anon = createClient(server.url);
    expect((await anon.get('/api/agent/customers', bearer(ann.token))).status).toBe(401);
    await expect(connected(play.socket({ token: ann.token }), 5000)).rejects.toThrow(/unauthenticated/);
  });

  it("a deactivated agent's token works on no route, and their open socket is closed (CLI, no notifier)", async () => {
    const bo = await play.signIn('bo');
    const tab = play.socket({ token: bo.token });
    await connected(tab);
    const closed = new Promise((r) => tab.once('disconnect', r));
    await deactivateAgent({ db: server.db, notify: silentNotifier, email: 'bo@test.local' });
    await closed; // the periodic session re-check closed it
    const anon = createClient(server.url);
    // The server keeps sessions in memory: the CLI's revocation reaches it at its next look (within a second).
    await eventually(async () => (await anon.get('/api/agent/customers', bearer(bo.token))).status === 401, 2000, 20);
    for (const p of ['/api/agent/me', '/api/agent/customers', '/api/agent/requests']) expect((await anon.get(p, bearer(bo.token))).status).toBe(401);
    const put = await fetch(`${server.url}/api/agent/status`, { method: 'PUT', headers: { ...bearer(bo.token), 'content-type': 'application/json' }, body: '{"status":"online"}' });
    expect(put.status).toBe(401);
  });

  it('a password change ends every other token and socket; the changer gets a new token', async () => {
    const first = await play.signIn('cy');
    const second = await play.signIn('cy');
    const tab = play.socket({ token: second.token });
    await connected(tab);
    const closed = new Promise((r) => tab.once('disconnect', r));
    const res = await first.client.post('/api/agent/password', { currentPassword: 'right-password', newPassword: 'another-password-9' }, bearer(first.token));
    expect(res.status).toBe(200);
    await closed;
    const anon = createClient(server.url);
    expect((await anon.get('/api/agent/me', bearer(first.token))).status).toBe(401);
    expect((await anon.get('/api/agent/me', bearer(second.token))).status).toBe(401);
    expect((await anon.get('/api/agent/me', bearer(res.json.token))).status).toBe(200);
    expect((await anon.post('/api/agent/login', { email: 'cy@test.local', password: 'right-password' })).status).toBe(401);
    expect((await anon.post('/api/agent/login', { email: 'cy@test.local', password: 'another-password-9' })).status).toBe(200);
  });

  it('signing in rotates: the session the browser had before stops working', async () => {
    const di = createClient(server.url);
    const one = await di.post('/api/agent/login', { email: 'di@test.local', password: 'right-password' });
    const two = await di.post('/api/agent/login', { email: 'di@test.local', password: 'right-password' });
    expect(two.json.token).not.toBe(one.json.token);
    const anon = createClient(server.url);
    expect((await anon.get('/api/agent/me', bearer(one.json.token))).status).toBe(401);
    expect((await anon.get('/api/agent/me', bearer(two.json.token))).status).toBe(200);
  });
});

describe('cross-site calls are refused', () => {
  it('a cross-origin text/plain POST /api/customers cannot overwrite a profile', async () => {
    const c = createClient(server.url);
    expect((await c.post('/api/customers', { name: 'Real Name', phone: '+86 138 0013 8000' })).status).toBe(201);
    const attack = { name: 'Hacked', email: 'evil@example.com' };
    // What a page on another site can send with the victim's cookies: a "simple" request.
    const crossSite = await c.post('/api/customers', JSON.stringify(attack), { 'content-type': 'text/plain', origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.json.error.field).toBe('origin');
    const noOriginButCrossSite = await c.post('/api/customers', attack, { 'sec-fetch-site': 'cross-site' });
    expect(noOriginButCrossSite.status).toBe(403);
    const textPlain = await c.post('/api/customers', JSON.stringify(attack), { 'content-type': 'text/plain' });
    expect(textPlain.status).toBe(415);
    expect(textPlain.json.error.field).toBe('Content-Type');
    expect((await c.get('/api/customers/me')).json.customer).toMatchObject({ name: 'Real Name', phone: '+86 138 0013 8000' });
    // Our own page (same origin) still works.
    const own = await c.post('/api/customers', { name: 'New Name', phone: '+86 138 0013 8000' }, { origin: server.url, 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(200);
  });

  it('every mutation route (issues 12–17 included) refuses another origin before it does anything', async () => {
    const c = createClient(server.url);
    await c.post('/api/customers', { name: 'Victim', email: 'victim@example.com' });
    const mutations = routesOnDisk().filter((r) => r.method !== 'GET');
    expect(mutations.length).toBeGreaterThan(25);
    const got: Record<string, string> = {};
    for (const { method, path } of mutations) {
      const res = await fetch(server.url + path.replace(/\{[^}]+\}/g, 'abc'), {
        method,
        headers: { cookie: c.cookieHeader(), origin: 'https://evil.example', 'content-type': 'text/plain' },
        body: '{}',
      });
      got[`${method} ${path}`] = `${res.status} ${((await res.json()) as { error?: { field?: string } }).error?.field}`;
    }
    expect(got).toEqual(Object.fromEntries(mutations.map(({ method, path }) => [`${method} ${path}`, '403 origin'])));
  });

  it('the socket handshake refuses a page from another origin, even with a valid session', async () => {
    const c = createClient(server.url);
    await c.post('/api/customers', { name: 'Sock', email: 'sock@example.com' });
    const evil = connectRaw(server.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie: c.cookieHeader(), origin: 'https://evil.example' } });
    const outcome = await new Promise<string>((r) => {
      evil.once('connect', () => r('connected'));
      evil.once('connect_error', () => r('refused'));
    });
    evil.disconnect();
    expect(outcome).toBe('refused');
    const own = connectSocket(server.url, { cookie: c.cookieHeader() });
    await connected(own);
    own.disconnect();
  });
});

describe('customer sessions', () => {
  it('a customer cookie is a server-side session: 180 days, renewed while used', async () => {
    const res = await fetch(`${server.url}/api/customers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Cookie', email: 'cookie@example.com' }) });
    const cookie = res.headers.getSetCookie().find((x) => x.startsWith('ea_customer='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Max-Age=15552000/);
    const token = decodeURIComponent(cookie.split(';')[0]!.split('=')[1]!);
    const row = await server.db.session.findFirstOrThrow({ where: { kind: 'customer' }, orderBy: { createdAt: 'desc' } });
    expect(row.id).not.toContain(token);
    // Make it a day old: the next call slides it forward and sends the cookie again.
    await server.db.session.update({ where: { id: row.id }, data: { lastSeenAt: new Date(Date.now() - 25 * 3600_000), expiresAt: new Date(Date.now() + 3600_000) } });
    const me = await fetch(`${server.url}/api/customers/me`, { headers: { cookie: `ea_customer=${encodeURIComponent(token)}` } });
    expect(me.status).toBe(200);
    expect(me.headers.getSetCookie().some((x) => x.startsWith('ea_customer='))).toBe(true);
    const after = await server.db.session.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.expiresAt.getTime()).toBeGreaterThan(Date.now() + 170 * 24 * 3600_000);
  });
});
