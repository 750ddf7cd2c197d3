import crypto from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connected, createClient, eventually, printLogsOnFailure, startServer, type RunningServer } from '../helpers/server.ts';
import { scenario } from '../helpers/scenario.ts';
import { startSmtp } from '../helpers/smtp.ts';

// Issue 25: a customer is a person, not a browser. The shop signs who its user is; the same `sub` is
// the same customer with the same agent and history on every device; a handoff code or a mailed
// sign-in link moves a customer without a shop.
const SECRET = 'shop-secret-0123456789-0123456789-abcdef';
const ISSUER = 'https://shop.example';
const AUDIENCE = 'exclusive-agent';
let server: RunningServer;
let jwksServer: http.Server;
let jwksUrl: string;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
afterEach(printLogsOnFailure(() => server));
const s = scenario(() => server);
afterEach(() => s.closeAll());

const now = () => Math.floor(Date.now() / 1000);
/** What the shop's server does: a short-lived token for its signed-in user. */
const shopToken = async (claims: Record<string, unknown>, opts: { alg?: 'HS256' | 'RS256'; iat?: number; exp?: number; key?: Uint8Array; issuer?: string } = {}) => {
  const alg = opts.alg ?? 'HS256';
  const iat = opts.iat ?? now();
  const jwt = new SignJWT(claims).setProtectedHeader({ alg, ...(alg === 'RS256' ? { kid: 'shop-key-1' } : {}) }).setIssuedAt(iat).setExpirationTime(opts.exp ?? iat + 300).setIssuer(opts.issuer ?? ISSUER).setAudience(AUDIENCE);
  return jwt.sign(alg === 'RS256' ? rsa.privateKey : (opts.key ?? new TextEncoder().encode(SECRET)));
};
const identify = (c: ReturnType<typeof createClient>, token: unknown) => c.post('/api/customers/identify', { token });

beforeAll(async () => {
  rsa = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(rsa.publicKey)), kid: 'shop-key-1', alg: 'RS256', use: 'sig' };
  // The shop's public keys, served on loopback as a shop would serve them.
  jwksServer = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as net.AddressInfo).port}/.well-known/jwks.json`;
  smtp = await startSmtp();
  server = await startServer({
    env: {
      IDENTITY_SECRET: SECRET,
      IDENTITY_JWKS_URL: jwksUrl,
      IDENTITY_ISSUER: ISSUER,
      IDENTITY_AUDIENCE: AUDIENCE,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Exclusive Agent <help@app.test>',
      APP_URL: 'http://app.test',
    },
  });
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await new Promise((r) => jwksServer?.close(r));
  await smtp?.stop();
});

describe('the shop says who its user is', () => {
  it('accepts a good HS256 token: 201 for a new person, 200 the next time, with a session', async () => {
    const c = createClient(server.url);
    const first = await identify(c, await shopToken({ sub: 'u-hs-1', name: 'Hana', email: 'hana@example.com', locale: 'en' }));
    expect(first.status).toBe(201);
    expect(first.json.customer).toMatchObject({ name: 'Hana', email: 'hana@example.com' });
    expect(first.headers.getSetCookie().some((x) => x.startsWith('ea_customer='))).toBe(true);
    expect((await c.get('/api/customers/me')).json.customer.id).toBe(first.json.customer.id);
    const again = await identify(createClient(server.url), await shopToken({ sub: 'u-hs-1' }));
    expect(again.status).toBe(200);
    expect(again.json.customer.id).toBe(first.json.customer.id);
    expect((await server.db.customer.findUniqueOrThrow({ where: { id: first.json.customer.id } })).externalId).toBe('u-hs-1');
  });

  it.each([
    ['expired', () => shopToken({ sub: 'u-bad' }, { iat: now() - 900, exp: now() - 600 })],
    ['signed with another key', () => shopToken({ sub: 'u-bad' }, { key: new TextEncoder().encode('another-secret-0123456789-0123456789-xyz') })],
    ['without sub', () => shopToken({ name: 'Nobody' })],
    ['living longer than 10 minutes', () => shopToken({ sub: 'u-bad' }, { exp: now() + 3600 })],
    ['from another issuer', () => shopToken({ sub: 'u-bad' }, { issuer: 'https://evil.example' })],
    ['with alg none', async () => `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'u-bad', iat: now(), exp: now() + 60, iss: ISSUER, aud: AUDIENCE })).toString('base64url')}.`],
    [
      'HS256 signed with the public RSA key',
      async () => {
        const pem = (await import('node:crypto')).createPublicKey(await exportJWK(rsa.publicKey).then((j) => ({ key: j, format: 'jwk' as const }))).export({ type: 'spki', format: 'pem' });
        return shopToken({ sub: 'u-bad' }, { key: new TextEncoder().encode(String(pem)) });
      },
    ],
    ['not a token at all', async () => 'hello'],
  ])('refuses a token %s: 401 invalid_identity naming token, and no session', async (_why, make) => {
    const c = createClient(server.url);
    const res = await identify(c, await make());
    expect(res.status).toBe(401);
    expect(res.json.error).toMatchObject({ code: 'invalid_identity', field: 'token' });
    expect(res.headers.getSetCookie().some((x) => x.startsWith('ea_customer='))).toBe(false);
    expect(await server.db.customer.count({ where: { externalId: 'u-bad' } })).toBe(0);
  });

  it('accepts RS256 through the shop JWKS', async () => {
    const res = await identify(createClient(server.url), await shopToken({ sub: 'u-rs-1', name: 'Rui', phone: '+86 138 0013 8000' }, { alg: 'RS256' }));
    expect(res.status).toBe(201);
    expect(res.json.customer).toMatchObject({ name: 'Rui', phone: '+86 138 0013 8000' });
  });

  it('the same sub from two browsers is one customer with one agent and one history; the second one\'s request reaches that agent live', async () => {
    await s.agent('one.person', 95);
    const agent = await s.online('one.person');
    const alerts = s.recordAlerts(agent.tab);

    const phone = createClient(server.url);
    expect((await identify(phone, await shopToken({ sub: 'u-two-devices', name: 'Mei', email: 'mei@example.com' }))).status).toBe(201);
    let m = await phone.post('/api/matches');
    while (m.json.agent && m.json.agent.handle !== 'one.person') m = await phone.post(`/api/matches/${m.json.matchId}/skip`);
    expect((await phone.post(`/api/matches/${m.json.matchId}/choose`)).status).toBe(201);
    const fromPhone = await phone.post('/api/service-requests', { message: 'From my phone' }, { 'Idempotency-Key': 'mei-phone-1' });
    expect(fromPhone.status).toBe(201);

    const laptop = createClient(server.url);
    expect((await identify(laptop, await shopToken({ sub: 'u-two-devices' }))).status).toBe(200);
    expect((await laptop.get('/api/me/agent')).json.agent).toMatchObject({ handle: 'one.person' });
    const history = (await laptop.get('/api/service-requests')).json.requests as { id: string }[];
    expect(history.map((r) => r.id)).toContain(fromPhone.json.request.id);
    const fromLaptop = await laptop.post('/api/service-requests', { message: 'And from my laptop' }, { 'Idempotency-Key': 'mei-laptop-1' });
    expect(fromLaptop.status).toBe(201);
    expect(fromLaptop.json.request.agentId).toBe(agent.id);
    await eventually(async () => alerts.includes(fromLaptop.json.request.id));
    expect(await server.db.customer.count({ where: { OR: [{ externalId: 'u-two-devices' }, { email: 'mei@example.com' }] } })).toBe(1);
  });

  it('a browser that chose an agent, then identifies as a person with none: the person keeps that agent and everything', async () => {
    await s.agent('browser.pick', 90);
    const b = await s.customerOf('Anon Browser', 'browser.pick');
    const sent = await b.send('Before I signed in');
    const anonId = (await b.client.get('/api/customers/me')).json.customer.id as string;
    const res = await identify(b.client, await shopToken({ sub: 'u-took-agent', name: 'Lan' }));
    expect(res.status).toBe(201);
    expect(res.json.customer.id).toBe(anonId); // a new person: this browser's customer becomes theirs
    expect((await b.client.get('/api/me/agent')).json.agent).toMatchObject({ handle: 'browser.pick' });
    expect(((await b.client.get('/api/service-requests')).json.requests as { id: string }[]).map((r) => r.id)).toContain(sent.json.request.id);

    // Another browser with its own pick then identifies as the same person: merged, the person had none? No: they have one now.
    const other = createClient(server.url);
    expect((await other.post('/api/customers', { name: 'Second browser', email: 'second@example.com' })).status).toBe(201);
    const merged = await identify(other, await shopToken({ sub: 'u-took-agent' }));
    expect(merged.status).toBe(200);
    expect(merged.json.merged).toMatchObject({ kind: 'none' });
    expect(merged.json.customer.id).toBe(anonId);
  });

  it('a known person with no agent absorbs a browser that chose one: agent, requests, ratings and callbacks move', async () => {
    const person = createClient(server.url);
    const known = await identify(person, await shopToken({ sub: 'u-absorbs', name: 'Yun', email: 'yun@example.com' }));
    expect(known.status).toBe(201);

    await s.agent('absorbed.agent', 88);
    const b = await s.customerOf('Yun Anon', 'absorbed.agent');
    const sent = await b.send('Chosen before signing in');
    const res = await identify(b.client, await shopToken({ sub: 'u-absorbs' }));
    expect(res.status).toBe(200);
    expect(res.json.customer.id).toBe(known.json.customer.id);
    expect(res.json.merged).toMatchObject({ kind: 'took_agent' });
    expect((await person.get('/api/me/agent')).json.agent).toMatchObject({ handle: 'absorbed.agent' });
    const row = await server.db.serviceRequest.findUniqueOrThrow({ where: { id: sent.json.request.id } });
    expect(row.customerId).toBe(known.json.customer.id);
    const agentRow = await server.db.agent.findUniqueOrThrow({ where: { handle: 'absorbed.agent' } });
    expect(agentRow.activeBindings).toBe(await server.db.binding.count({ where: { agentId: agentRow.id, endedAt: null } }));
  });

  it('a person who already has an agent keeps them: the browser\'s binding ends as history and its open requests move, and the app is told', async () => {
    await s.agent('theirs.agent', 92);
    await s.agent('browsers.agent', 91);
    const theirs = await s.online('theirs.agent');
    const theirsAlerts = s.recordAlerts(theirs.tab);

    const person = await s.customerOf('Person Own', 'theirs.agent');
    const personId = (await person.client.get('/api/customers/me')).json.customer.id as string;
    await server.db.customer.update({ where: { id: personId }, data: { externalId: 'u-has-agent' } });

    const b = await s.customerOf('Browser Own', 'browsers.agent');
    const open = await b.send('Left on the browser');
    expect(open.status).toBe(201);
    const res = await identify(b.client, await shopToken({ sub: 'u-has-agent' }));
    expect(res.status).toBe(200);
    expect(res.json.merged).toMatchObject({ kind: 'kept_theirs', movedRequests: 1 });
    expect((await b.client.get('/api/me/agent')).json.agent).toMatchObject({ handle: 'theirs.agent' });

    const ended = await server.db.binding.findFirstOrThrow({ where: { agent: { handle: 'browsers.agent' } } });
    expect(ended).toMatchObject({ customerId: personId, endReason: 'merged' });
    expect(ended.endedAt).not.toBeNull();
    const browsersAgent = await server.db.agent.findUniqueOrThrow({ where: { handle: 'browsers.agent' } });
    expect(browsersAgent.activeBindings).toBe(0);
    const moved = await server.db.serviceRequest.findUniqueOrThrow({ where: { id: open.json.request.id } });
    expect(moved).toMatchObject({ customerId: personId, agentId: theirs.id, boundAgentId: theirs.id });
    await eventually(async () => theirsAlerts.includes(open.json.request.id));
  });

  it('five devices of one new person identifying at the same moment make one customer (a unique key, not luck)', async () => {
    const token = await shopToken({ sub: 'u-same-moment', name: 'Tao', email: 'tao@example.com' });
    const answers = await Promise.all(Array.from({ length: 5 }, () => identify(createClient(server.url), token)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.json.customer.id)).size).toBe(1);
    expect(await server.db.customer.count({ where: { externalId: 'u-same-moment' } })).toBe(1);
  });

  it('answers 404 when no shop identity is configured', async () => {
    const plain = await startServer();
    try {
      const res = await createClient(plain.url).post('/api/customers/identify', { token: 'x' });
      expect(res.status).toBe(404);
    } finally {
      await plain.stop();
    }
  });
});

describe('moving to another device without a shop', () => {
  it('a handoff code works once, lands the new device on the same customer, and is refused afterwards', async () => {
    await s.agent('handoff.agent', 85);
    const phone = await s.customerOf('Handoff Person', 'handoff.agent');
    expect((await createClient(server.url).post('/api/customers/me/handoff')).status).toBe(401);
    const made = await phone.client.post('/api/customers/me/handoff');
    expect(made.status).toBe(201);
    expect(made.json.code).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
    expect(made.json.url).toBe(`${server.url}/?handoff=${made.json.code}`);
    expect(made.json.qrSvg).toMatch(/^<svg/);
    expect(new Date(made.json.expiresAt).getTime() - Date.now()).toBeGreaterThan(9 * 60_000);
    // Stored hashed: the code itself is nowhere in the database.
    expect(await server.db.customerLink.count({ where: { id: made.json.code } })).toBe(0);

    const tablet = createClient(server.url);
    const used = await tablet.post('/api/customers/handoff', { code: made.json.code });
    expect(used.status).toBe(200);
    expect((await tablet.get('/api/me/agent')).json.agent).toMatchObject({ handle: 'handoff.agent' });
    const again = await createClient(server.url).post('/api/customers/handoff', { code: made.json.code });
    expect(again.status).toBe(400);
    expect(again.json.error).toMatchObject({ code: 'invalid_code', field: 'code' });
  });

  it('one code tried by two devices at the same moment lets exactly one in', async () => {
    const c = await s.customerOf('Racing Person', 'handoff.agent');
    const made = await c.client.post('/api/customers/me/handoff');
    const tries = await Promise.all([0, 1, 2].map(() => createClient(server.url).post('/api/customers/handoff', { code: made.json.code })));
    expect(tries.map((t) => t.status).sort()).toEqual([200, 400, 400]);
  });

  it('an expired or unknown code is refused alike', async () => {
    const c = await s.customerOf('Expiring Person', 'handoff.agent');
    const made = await c.client.post('/api/customers/me/handoff');
    await server.db.customerLink.updateMany({ where: { usedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    for (const code of [made.json.code, crypto.randomBytes(32).toString('base64url'), 'short']) {
      const res = await createClient(server.url).post('/api/customers/handoff', { code });
      expect(res.status).toBe(400);
      expect(res.json.error).toMatchObject({ code: 'invalid_code', field: 'code' });
    }
  });

  it('a sign-in link goes to a known address through real SMTP, in their language; an unknown one gets the same 202 and no mail', async () => {
    const known = createClient(server.url);
    expect((await identify(known, await shopToken({ sub: 'u-mail', name: 'Jun', email: 'jun@example.com', locale: 'zh-CN' }))).status).toBe(201);
    const before = smtp.mails.length;
    const unknown = await createClient(server.url).post('/api/customers/sign-in-link', { email: 'nobody@example.com' });
    expect(unknown.status).toBe(202);
    const res = await createClient(server.url).post('/api/customers/sign-in-link', { email: 'jun@example.com' });
    expect(res.status).toBe(202);
    const mails = await smtp.received(before + 1);
    const mail = mails[mails.length - 1]!;
    expect(mail.to).toMatchObject({ text: 'jun@example.com' });
    expect(mail.subject).toBe('您的登录链接');
    const link = mail.text!.match(/http:\/\/app\.test\/\?signin=([A-Za-z0-9_-]+)/);
    expect(link).not.toBeNull();
    const device = createClient(server.url);
    const used = await device.post('/api/customers/handoff', { code: link![1] });
    expect(used.status).toBe(200);
    expect(used.json.customer).toMatchObject({ name: 'Jun', email: 'jun@example.com' });
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.mails.filter((m) => JSON.stringify(m.to).includes('nobody@example.com'))).toEqual([]);
    const bad = await createClient(server.url).post('/api/customers/sign-in-link', { email: 'not-an-address' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe('email');
  });

  it('the new device\'s socket is the customer\'s: it hears its agent', async () => {
    const c = await s.customerOf('Socket Person', 'handoff.agent');
    const made = await c.client.post('/api/customers/me/handoff');
    const tablet = createClient(server.url);
    expect((await tablet.post('/api/customers/handoff', { code: made.json.code })).status).toBe(200);
    const socket = s.socket({ cookie: tablet.cookieHeader() });
    await connected(socket);
    expect(socket.connected).toBe(true);
  });
});
