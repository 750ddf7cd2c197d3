// Issue 13: every route and socket event × every kind of caller, with the expected answer. No leak:
// a denied call never carries the other party's data (checked on the bodies below).
// Routes added since (issues 12, 14, 15, 17: readiness, admin, ratings, gifts, threads, callbacks,
// settings, push) are rows here too; `every route has a row` below fails when a route is added without one.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { deactivateAgent } from '../../lib/staff/deactivate-agent.ts';
import { createAdmin } from '../../lib/admin/admins.ts';
import { listAgentFreeSlots } from '../../lib/callbacks/book-callback.ts';
import { silentNotifier } from '../../lib/events/dispatcher.ts';
import { createSession, hashToken } from '../../lib/credentials/sessions.ts';
import { createApiToken, revokeApiToken } from '../../lib/credentials/api-tokens.ts';
import { publicSessionId } from '../../lib/identity/devices.ts';
import { ask, connectSocket, connected, createClient, eventually, nextEvent, startServer, TEST_SESSION_SECRET, type RunningServer, printLogsOnFailure } from '../helpers/server.ts';
import { scenario } from '../helpers/scenario.ts';
import { routesOnDisk, socketEventsOnDisk } from '../helpers/routes.ts';
import { smallPng, upload } from '../helpers/uploads.ts';

let server: RunningServer;
afterEach(printLogsOnFailure(() => server));
const play = scenario(() => server);

const WHO = ['anonymous', 'customerA', 'customerB', 'agentX', 'agentY', 'deactivated', 'signedOut', 'admin'] as const;
type Who = (typeof WHO)[number];
/** How each caller presents itself: the cookies a browser would send, the bearer token an agent script would. */
const creds = {} as Record<Who, { cookie?: string; token?: string }>;
const ids = {} as Record<string, string>;
/** free callback slots of agent X (ISO), handed out one per use so bookings never collide */
let slotsOfX: string[] = [];
const PUSH = { endpoint: 'https://push.example.com/send/matrix-', keys: { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA', auth: 'tBHItJI5svbpez7KI4CCXg' } };
const sockets = {} as Record<Who, Socket | null>;

const call = async (who: Who, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const c = creds[who];
  const res = await fetch(server.url + path, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(c.cookie ? { cookie: c.cookie } : {}),
      ...(c.token ? { authorization: `Bearer ${c.token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  // A report's CSV and a customer's files are the answers that are not JSON.
  return { status: res.status, text, json: text && res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : null };
};

/** POST /api/uploads as a browser sends it: one small PNG in the field `file`. */
const callUpload = async (who: Who) => {
  const c = creds[who];
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(await smallPng(who.length))], { type: 'image/png' }), `${who}.png`);
  const res = await fetch(`${server.url}/api/uploads`, {
    method: 'POST',
    headers: { ...(c.cookie ? { cookie: c.cookie } : {}), ...(c.token ? { authorization: `Bearer ${c.token}` } : {}) },
    body: form,
  });
  const text = await res.text();
  return { status: res.status, text, json: text ? JSON.parse(text) : null };
};

beforeAll(async () => {
  server = await startServer({ env: { SESSION_RECHECK_MS: '300', RATE_LIMIT_MULTIPLIER: '100' } });
  await play.agent('x', 90);
  await play.agent('y', 80);
  await play.agent('gone', 10, 'offline');
  await play.agent('left', 10, 'offline');
  // Issue 28: an agent the admin rows edit, deactivate and bring back.
  ids.managed = (await play.agent('managed', 5, 'offline')).id;
  // X and Y keep a console open: presence is intention × connection (issue 10), and choose/cover need them available.
  const x = await play.online('x');
  const y = await play.online('y');
  const gone = await play.signIn('gone');
  const left = await play.signIn('left');
  Object.assign(ids, { x: x.id, y: y.id });

  const a = await play.customerOf('Customer A', 'x');
  const b = await play.customerOf('Customer B', 'y');
  ids.customerA = (await a.client.get('/api/customers/me')).json.customer.id;
  ids.customerB = (await b.client.get('/api/customers/me')).json.customer.id;
  // A's requests, all routed to X: one per thing that changes a request, so rows do not disturb each other.
  for (const name of ['read', 'ack', 'reply', 'resolve', 'decline', 'cover', 'wait']) {
    const r = await a.send(`A needs help (${name})`);
    expect(r.status).toBe(201);
    ids[`rA_${name}`] = r.json.request.id;
  }
  ids.mA = (await a.client.post('/api/matches')).json.matchId;
  ids.mA_choose = (await a.client.post('/api/matches')).json.matchId;
  ids.rB = (await b.send('B needs help')).json.request.id;
  // Issue 30: a picture A sent with a request X handles.
  ids.uploadA = (await upload(server.url, a.client.cookieHeader(), { data: await smallPng(5), name: 'a.png' })).json.upload.id;
  const withPicture = await a.client.post('/api/service-requests', { message: 'A shows a picture', attachments: [ids.uploadA] }, { 'Idempotency-Key': 'matrix-picture-0001' });
  expect(withPicture.status).toBe(201);
  // A request X resolved, for the rating row.
  const rated = await a.send('A will rate this');
  ids.rA_rate = rated.json.request.id;
  await server.db.serviceRequest.update({ where: { id: ids.rA_rate }, data: { status: 'resolved', resolvedAt: new Date() } });
  // Callbacks A booked with X: one to move, one to cancel, one to close.
  slotsOfX = (await listAgentFreeSlots({ db: server.db, agentId: x.id })).slots;
  expect(slotsOfX.length).toBeGreaterThan(10);
  for (const name of ['move', 'cancel', 'outcome']) {
    const cb = await server.db.callback.create({ data: { customerId: ids.customerA, agentId: x.id, at: new Date(slotsOfX.shift()!), phone: '+86 138 0013 8000' } });
    ids[`cbA_${name}`] = cb.id;
  }
  // An admin, signed in through /api/admin/login like the page does.
  await createAdmin({ db: server.db, input: { email: 'ops@example.com', name: 'Ops', password: 'a-long-admin-password' } });
  const admin = createClient(server.url);
  expect((await admin.post('/api/admin/login', { email: 'ops@example.com', password: 'a-long-admin-password' })).status).toBe(200);

  creds.anonymous = {};
  creds.customerA = { cookie: a.client.cookieHeader() };
  creds.customerB = { cookie: b.client.cookieHeader() };
  creds.agentX = { cookie: x.client.cookieHeader(), token: x.token };
  creds.agentY = { cookie: y.client.cookieHeader(), token: y.token };
  creds.deactivated = { cookie: gone.client.cookieHeader(), token: gone.token };
  creds.signedOut = { cookie: left.client.cookieHeader(), token: left.token };
  creds.admin = { cookie: admin.cookieHeader() };
  // Both had working sessions a moment ago:
  expect((await call('deactivated', 'GET', '/api/agent/me')).status).toBe(200);
  expect((await call('signedOut', 'GET', '/api/agent/me')).status).toBe(200);
  await deactivateAgent({ db: server.db, notify: silentNotifier, email: 'gone@test.local' });
  // Another process's revocation (this test, like the CLI) reaches the server's kept sessions within a second.
  await eventually(async () => (await call('deactivated', 'GET', '/api/agent/customers')).status === 401, 2000, 20);
  expect((await left.client.post('/api/agent/logout')).status).toBe(200);

  for (const who of WHO) {
    const s = connectSocket(server.url, creds[who]);
    sockets[who] = await connected(s, 5000).then(
      () => s,
      () => (s.disconnect(), null),
    );
  }
});

afterAll(async () => {
  Object.values(sockets).forEach((s) => s?.disconnect());
  play.closeAll();
  await server?.stop();
});

type Expect = number | [number, string];
type Row = { name: string; run: (who: Who) => Promise<{ status: number; text: string; json: any }>; expect: Record<Who, Expect>; leaks?: () => string[] };

// Shorthands for the common shapes of a column.
const customersOnly = (ok: Expect): Record<Who, Expect> => ({
  anonymous: [401, 'customer_required'],
  customerA: ok,
  customerB: ok,
  agentX: [401, 'customer_required'],
  agentY: [401, 'customer_required'],
  deactivated: [401, 'customer_required'],
  signedOut: [401, 'customer_required'],
  // An admin reads through /admin; acting as a customer is a customer's.
  admin: [401, 'customer_required'],
});
const ownerAOnly = (ok: Expect, code = 'not_found'): Record<Who, Expect> => ({ ...customersOnly(ok), customerB: [404, code] });
const agentsOnly = (ok: Expect): Record<Who, Expect> => ({
  anonymous: [401, 'unauthenticated'],
  customerA: [401, 'unauthenticated'],
  customerB: [401, 'unauthenticated'],
  agentX: ok,
  agentY: ok,
  deactivated: [401, 'unauthenticated'],
  signedOut: [401, 'unauthenticated'],
  admin: [401, 'unauthenticated'],
});
/** Only the agent the thing is X's: Y is told it does not exist. */
const agentXOnly = (ok: Expect): Record<Who, Expect> => ({ ...agentsOnly(ok), agentY: [404, 'not_found'] });
const adminOnly = (ok: Expect): Record<Who, Expect> => ({ ...everyone([401, 'unauthenticated']), admin: ok });
/** Customers and live agents (push subscriptions belong to either). */
const peopleOnly = (ok: Expect): Record<Who, Expect> => ({ ...agentsOnly(ok), customerA: ok, customerB: ok });
const everyone = (ok: Expect): Record<Who, Expect> => Object.fromEntries(WHO.map((w) => [w, ok])) as Record<Who, Expect>;

const rows: Row[] = [
  { name: 'GET /api/health', run: (w) => call(w, 'GET', '/api/health'), expect: everyone(200) },
  { name: 'GET /api/ready', run: (w) => call(w, 'GET', '/api/ready'), expect: everyone(200) },
  { name: 'GET /api/{unknown} (JSON 404)', run: (w) => call(w, 'GET', '/api/nothing-here'), expect: everyone([404, 'not_found']) },
  { name: 'GET /api/gifts (the catalogue)', run: (w) => call(w, 'GET', '/api/gifts'), expect: everyone(200) },
  { name: 'GET /api/push/key (public VAPID key)', run: (w) => call(w, 'GET', '/api/push/key'), expect: everyone(200) },
  { name: 'POST /api/matches (public agent cards)', run: (w) => call(w, 'POST', '/api/matches'), expect: everyone(201) },
  // An admin may look at a search (read), never skip or choose in the customer's place.
  { name: 'GET /api/matches/{A}', run: (w) => call(w, 'GET', `/api/matches/${ids.mA}`), expect: { ...ownerAOnly(200), admin: 200 } },
  { name: 'POST /api/matches/{A}/skip', run: (w) => call(w, 'POST', `/api/matches/${ids.mA}/skip`), expect: ownerAOnly(200) },
  { name: 'POST /api/matches/{A}/choose', run: (w) => call(w, 'POST', `/api/matches/${ids.mA_choose}/choose`), expect: ownerAOnly(200) }, // A chose X before: choosing the agent one already has creates nothing (issue 26: 200, the binding that stands)
  // Anyone may ask "who am I": without a customer session the answer is `{ customer: null }`, never someone else.
  {
    name: 'GET /api/customers/me',
    run: async (w) => {
      const res = await call(w, 'GET', '/api/customers/me');
      const want = w === 'customerA' ? ids.customerA : w === 'customerB' ? ids.customerB : null;
      expect(res.json?.customer?.id ?? null, w).toBe(want);
      return res;
    },
    expect: everyone(200),
  },
  { name: 'GET /api/customers/me/settings', run: (w) => call(w, 'GET', '/api/customers/me/settings'), expect: customersOnly(200) },
  { name: 'PUT /api/customers/me/settings', run: (w) => call(w, 'PUT', '/api/customers/me/settings', { email: true }), expect: customersOnly(200) },
  // Issue 25: a customer's devices and data. Each of A's rows works on a device of A's made for it, so
  // nobody's sign-out disturbs the rows after; B is told A's device does not exist.
  { name: 'GET /api/customers/me/sessions (my devices)', run: (w) => call(w, 'GET', '/api/customers/me/sessions'), expect: customersOnly(200) },
  {
    name: "DELETE /api/customers/me/sessions/{A's device} (sign it out)",
    run: async (w) => {
      const { token } = await createSession({ db: server.db, kind: 'customer', subjectId: ids.customerA!, userAgent: 'matrix' });
      // The id A's list shows for that device (checked against the list, so the row tests what a client sees).
      const id = publicSessionId(hashToken(token), TEST_SESSION_SECRET);
      expect((await call('customerA', 'GET', '/api/customers/me/sessions')).json.sessions.map((d: { id: string }) => d.id)).toContain(id);
      return call(w, 'DELETE', `/api/customers/me/sessions/${id}`);
    },
    expect: ownerAOnly(204),
  },
  { name: 'GET /api/customers/me/export (my data)', run: (w) => call(w, 'GET', '/api/customers/me/export'), expect: customersOnly(200) },
  {
    // Erasure is final: A and B erase a customer of their own made for the row (their cookies stand in
    // for A's and B's), so the matrix's own A and B live on; everyone else has no customer to erase.
    name: 'DELETE /api/customers/me (erase my data)',
    run: async (w) => {
      if (w !== 'customerA' && w !== 'customerB') return call(w, 'DELETE', '/api/customers/me');
      const stand = createClient(server.url);
      expect((await stand.post('/api/customers', { name: `Leaving ${w}`, email: `leaving-${w.toLowerCase()}@example.com` })).status).toBe(201);
      const res = await fetch(`${server.url}/api/customers/me`, { method: 'DELETE', headers: { cookie: stand.cookieHeader() } });
      const text = await res.text();
      return { status: res.status, text, json: text ? JSON.parse(text) : null };
    },
    expect: customersOnly(204),
  },
  // Issue 25: a customer makes a handoff code for their own account only; anyone may try a code (a wrong
  // one changes nothing) or ask for a sign-in link (always 202: it never tells whether the address is known);
  // the shop's identity route does not exist without a configured shop (test/integration/identity.test.ts has one).
  { name: 'POST /api/customers/me/handoff', run: (w) => call(w, 'POST', '/api/customers/me/handoff'), expect: customersOnly(201) },
  { name: 'POST /api/customers/handoff (a wrong code)', run: (w) => call(w, 'POST', '/api/customers/handoff', { code: 'x'.repeat(43) }), expect: everyone([400, 'invalid_code']) },
  { name: 'POST /api/customers/sign-in-link', run: (w) => call(w, 'POST', '/api/customers/sign-in-link', { email: 'nobody@example.com' }), expect: everyone(202) },
  { name: 'POST /api/customers/identify (no shop configured)', run: (w) => call(w, 'POST', '/api/customers/identify', { token: 'x' }), expect: everyone([404, 'not_found']) },
  { name: 'GET /api/me/ratings', run: (w) => call(w, 'GET', '/api/me/ratings'), expect: customersOnly(200) },
  { name: 'POST /api/me/agent/gifts (to their own agent)', run: (w) => call(w, 'POST', '/api/me/agent/gifts', { giftId: 'flower' }), expect: customersOnly(201) },
  { name: 'GET /api/me/agent', run: (w) => call(w, 'GET', '/api/me/agent'), expect: customersOnly(200) },
  // Nobody here is asked about a handover: a customer's answer is "nothing to answer", in words.
  { name: 'POST /api/me/handover', run: (w) => call(w, 'POST', '/api/me/handover', { answer: 'choose_again' }), expect: customersOnly([409, 'conflict']) },
  // Webhooks are an admin's; nothing is made here (bad events, unknown ids), so the rows after see no change.
  { name: 'GET /api/admin/webhooks', run: (w) => call(w, 'GET', '/api/admin/webhooks'), expect: adminOnly(200) },
  { name: 'POST /api/admin/webhooks', run: (w) => call(w, 'POST', '/api/admin/webhooks', { url: 'https://93.184.216.34/h', events: ['nope'] }), expect: adminOnly([400, 'invalid_input']) },
  { name: 'PATCH /api/admin/webhooks/{id}', run: (w) => call(w, 'PATCH', '/api/admin/webhooks/nope', { active: false }), expect: adminOnly([404, 'not_found']) },
  { name: 'DELETE /api/admin/webhooks/{id}', run: (w) => call(w, 'DELETE', '/api/admin/webhooks/nope'), expect: adminOnly([404, 'not_found']) },
  { name: 'GET /api/admin/webhooks/{id}/deliveries', run: (w) => call(w, 'GET', '/api/admin/webhooks/nope/deliveries'), expect: adminOnly([404, 'not_found']) },
  { name: 'POST /api/admin/webhooks/{id}/deliveries/{d}/resend', run: (w) => call(w, 'POST', '/api/admin/webhooks/nope/deliveries/nope/resend'), expect: adminOnly([404, 'not_found']) },
  { name: 'POST /api/admin/webhooks/{id}/test', run: (w) => call(w, 'POST', '/api/admin/webhooks/nope/test'), expect: adminOnly([404, 'not_found']) },
  // Issue 29: API tokens are made and revoked by an admin only.
  { name: 'GET /api/admin/api-tokens', run: (w) => call(w, 'GET', '/api/admin/api-tokens'), expect: adminOnly(200) },
  { name: 'POST /api/admin/api-tokens', run: (w) => call(w, 'POST', '/api/admin/api-tokens', { name: `by ${w}`, scopes: ['agents:read'] }), expect: adminOnly(201) },
  { name: 'DELETE /api/admin/api-tokens/{id}', run: (w) => call(w, 'DELETE', '/api/admin/api-tokens/nope'), expect: adminOnly([404, 'not_found']) },
  // /api/v1 answers API tokens only: no cookie and no agent's bearer session reaches it (the token columns are below).
  { name: 'GET /api/v1/requests', run: (w) => call(w, 'GET', '/api/v1/requests'), expect: everyone([401, 'unauthenticated']) },
  { name: 'GET /api/v1/requests/{A}', run: (w) => call(w, 'GET', `/api/v1/requests/${ids.rA_read}`), expect: everyone([401, 'unauthenticated']) },
  { name: 'GET /api/v1/customers', run: (w) => call(w, 'GET', '/api/v1/customers'), expect: everyone([401, 'unauthenticated']) },
  { name: 'GET /api/v1/agents', run: (w) => call(w, 'GET', '/api/v1/agents'), expect: everyone([401, 'unauthenticated']) },
  { name: 'GET /api/v1/reports', run: (w) => call(w, 'GET', '/api/v1/reports?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z'), expect: everyone([401, 'unauthenticated']) },
  { name: 'GET /api/v1/openapi.json (public)', run: (w) => call(w, 'GET', '/api/v1/openapi.json'), expect: everyone(200) },
  // Moving X's customers is an admin's (to a colleague who does not exist, so the rows after see no change).
  {
    name: 'POST /api/admin/agents/{X}/handover',
    run: (w) => call(w, 'POST', `/api/admin/agents/${ids.x}/handover`, { toAgentId: 'nobody-at-all' }),
    expect: adminOnly([404, 'not_found']),
  },
  { name: 'GET /api/service-requests', run: (w) => call(w, 'GET', '/api/service-requests'), expect: customersOnly(200) },
  // Issue 30: files. A customer uploads; a file answers to its customer and the agents handling its request.
  { name: 'POST /api/uploads', run: (w) => callUpload(w), expect: customersOnly(201) },
  ...(['', '/thumbnail'] as const).map(
    (part): Row => ({
      name: `GET /api/uploads/{A}${part} (A's picture, on a request X handles)`,
      run: (w) => call(w, 'GET', `/api/uploads/${ids.uploadA}${part}`),
      expect: { ...agentXOnly(200), customerA: 200, customerB: [404, 'not_found'] },
    }),
  ),
  {
    name: 'POST /api/service-requests',
    run: (w) => call(w, 'POST', '/api/service-requests', { message: `from ${w}` }, { 'Idempotency-Key': `matrix-${w}-0001` }),
    expect: customersOnly(201),
  },
  { name: 'GET /api/service-requests/{A}', run: (w) => call(w, 'GET', `/api/service-requests/${ids.rA_read}`), expect: ownerAOnly(200) },
  { name: 'POST /api/service-requests/{A}/wait', run: (w) => call(w, 'POST', `/api/service-requests/${ids.rA_wait}/wait`), expect: ownerAOnly(200) },
  {
    name: 'POST /api/service-requests/{A}/messages (the thread)',
    run: (w) => call(w, 'POST', `/api/service-requests/${ids.rA_read}/messages`, { body: `more from ${w}` }),
    expect: ownerAOnly(201),
  },
  {
    // Issue 15c: the customer's app reports what it received and showed; only the request's customer may.
    name: 'POST /api/service-requests/{A}/read (delivery and read marks)',
    run: (w) => call(w, 'POST', `/api/service-requests/${ids.rA_read}/read`, { readUpTo: new Date().toISOString() }),
    expect: ownerAOnly(200),
  },
  { name: 'POST /api/service-requests/{A}/rating', run: (w) => call(w, 'POST', `/api/service-requests/${ids.rA_rate}/rating`, { stars: 5 }), expect: ownerAOnly(201) },
  { name: 'GET /api/callbacks', run: (w) => call(w, 'GET', '/api/callbacks'), expect: customersOnly(200) },
  { name: 'GET /api/callbacks/slots', run: (w) => call(w, 'GET', '/api/callbacks/slots'), expect: customersOnly(200) },
  {
    name: 'POST /api/callbacks/{A}/reschedule',
    run: (w) => call(w, 'POST', `/api/callbacks/${ids.cbA_move}/reschedule`, { at: slotsOfX[0] }),
    expect: ownerAOnly(200),
  },
  {
    name: 'POST /api/agent/callbacks/{A}/reschedule (the agent it is booked with)',
    run: (w) => call(w, 'POST', `/api/agent/callbacks/${ids.cbA_move}/reschedule`, { at: slotsOfX[1], note: 'moved by X' }),
    expect: agentXOnly(200),
  },
  { name: 'POST /api/callbacks/{A}/cancel', run: (w) => call(w, 'POST', `/api/callbacks/${ids.cbA_cancel}/cancel`), expect: ownerAOnly(200) },
  {
    name: 'POST /api/agent/callbacks/{A}/outcome',
    run: (w) => call(w, 'POST', `/api/agent/callbacks/${ids.cbA_outcome}/outcome`, { outcome: 'done' }),
    expect: agentXOnly(200),
  },
  {
    // After cancel/outcome: a customer holds at most 3 upcoming calls, and A's fixtures were 3.
    name: 'POST /api/callbacks (book with their own agent)',
    run: async (w) => {
      // A customer books one of their own agent's free slots; anyone else gets no slots and tries one anyway.
      const slots = await call(w, 'GET', '/api/callbacks/slots');
      const at = slots.json?.slots?.[slots.json.slots.length - 1] ?? slotsOfX[slotsOfX.length - 1];
      return call(w, 'POST', '/api/callbacks', { at, phone: '+86 138 0013 8000' });
    },
    expect: customersOnly(201),
  },
  {
    // Issue 17b: X will not be there at the call's time, so Y is offered to make it instead; A may take
    // that cover (the call moves to Y), nobody else may — B is told it does not exist.
    name: 'POST /api/callbacks/{A}/cover (take the agent offered instead)',
    run: async (w) => {
      if (!ids.cbA_cover) {
        const at = new Date(slotsOfX[Math.floor(slotsOfX.length / 2)]!);
        const cb = await server.db.callback.create({
          data: { customerId: ids.customerA, agentId: ids.x, at, phone: '+86 138 0013 8000', awayToldAt: new Date(), awayReason: 'agent_away', coverAgentId: ids.y },
        });
        ids.cbA_cover = cb.id;
      }
      return call(w, 'POST', `/api/callbacks/${ids.cbA_cover}/cover`);
    },
    expect: ownerAOnly(200),
  },
  { name: 'GET /api/agent/callbacks', run: (w) => call(w, 'GET', '/api/agent/callbacks'), expect: agentsOnly(200) },
  { name: 'GET /api/agent/callbacks/slots', run: (w) => call(w, 'GET', '/api/agent/callbacks/slots'), expect: agentsOnly(200) },
  { name: 'GET /api/agent/feedback', run: (w) => call(w, 'GET', '/api/agent/feedback'), expect: agentsOnly(200) },
  { name: 'GET /api/agent/settings', run: (w) => call(w, 'GET', '/api/agent/settings'), expect: agentsOnly(200) },
  { name: 'PUT /api/agent/settings', run: (w) => call(w, 'PUT', '/api/agent/settings', { timeZone: 'Asia/Shanghai' }), expect: agentsOnly(200) },
  {
    name: 'POST /api/push/subscriptions',
    run: (w) => call(w, 'POST', '/api/push/subscriptions', { ...PUSH, endpoint: PUSH.endpoint + w }),
    expect: peopleOnly(201),
  },
  {
    name: 'DELETE /api/push/subscriptions',
    run: (w) => call(w, 'DELETE', '/api/push/subscriptions', { endpoint: PUSH.endpoint + w }),
    expect: peopleOnly(204),
  },
  { name: 'GET /api/admin/overview', run: (w) => call(w, 'GET', '/api/admin/overview'), expect: adminOnly(200) },
  // Issue 28: reports are the admin's alone, as JSON and as CSV.
  { name: 'GET /api/admin/reports', run: (w) => call(w, 'GET', '/api/admin/reports?from=2026-11-01T00:00:00Z&to=2026-11-08T00:00:00Z'), expect: adminOnly(200) },
  { name: 'GET /api/admin/reports (CSV)', run: (w) => call(w, 'GET', '/api/admin/reports?from=2026-11-01T00:00:00Z&to=2026-11-08T00:00:00Z&format=csv'), expect: adminOnly(200) },
  { name: 'POST /api/admin/jobs/{name}/run', run: (w) => call(w, 'POST', '/api/admin/jobs/capability/run'), expect: adminOnly(200) },
  // Issue 28: agents managed on /admin.
  {
    name: 'POST /api/admin/agents',
    run: (w) => call(w, 'POST', '/api/admin/agents', { email: `hired-by-${w.toLowerCase()}@test.local`, name: 'New Hire', languages: ['en'], skills: [] }),
    expect: adminOnly(201),
  },
  { name: 'GET /api/admin/agents/{id}', run: (w) => call(w, 'GET', `/api/admin/agents/${ids.managed}`), expect: adminOnly(200) },
  { name: 'PATCH /api/admin/agents/{id}', run: (w) => call(w, 'PATCH', `/api/admin/agents/${ids.managed}`, { bio: `Edited by ${w}` }), expect: adminOnly(200) },
  { name: 'DELETE /api/admin/agents/{id}/sessions', run: (w) => call(w, 'DELETE', `/api/admin/agents/${ids.managed}/sessions`), expect: adminOnly(200) },
  { name: 'POST /api/admin/agents/{id}/password-reset', run: (w) => call(w, 'POST', `/api/admin/agents/${ids.managed}/password-reset`), expect: adminOnly(200) },
  { name: 'POST /api/admin/agents/{id}/deactivate', run: (w) => call(w, 'POST', `/api/admin/agents/${ids.managed}/deactivate`), expect: adminOnly(200) },
  { name: 'POST /api/admin/agents/{id}/reactivate', run: (w) => call(w, 'POST', `/api/admin/agents/${ids.managed}/reactivate`), expect: adminOnly(200) },
  { name: 'GET /api/admin/audit', run: (w) => call(w, 'GET', '/api/admin/audit'), expect: adminOnly(200) },
  {
    name: 'POST /api/agent/sign-in-link (a code nobody was given)',
    run: (w) => call(w, 'POST', '/api/agent/sign-in-link', { code: 'A'.repeat(43), password: 'a-long-enough-password' }),
    expect: everyone([400, 'invalid_code']),
  },
  {
    name: 'POST /api/admin/login (wrong password)',
    run: (w) => call(w, 'POST', '/api/admin/login', { email: 'ops@example.com', password: 'wrong' }),
    expect: everyone([401, 'invalid_credentials']),
  },
  { name: 'GET /api/agent/me', run: (w) => call(w, 'GET', '/api/agent/me'), expect: agentsOnly(200) },
  { name: 'GET /api/agent/requests', run: (w) => call(w, 'GET', '/api/agent/requests'), expect: agentsOnly(200) },
  { name: 'GET /api/agent/customers', run: (w) => call(w, 'GET', '/api/agent/customers'), expect: agentsOnly(200) },
  {
    name: 'GET /api/agent/customers/{A} (contact info)',
    run: (w) => call(w, 'GET', `/api/agent/customers/${ids.customerA}`),
    expect: { ...agentsOnly(200), agentY: [404, 'not_found'] },
  },
  { name: 'PUT /api/agent/status', run: (w) => call(w, 'PUT', '/api/agent/status', { status: 'online' }), expect: agentsOnly(200) },
  {
    name: 'POST /api/agent/password (wrong current password)',
    run: (w) => call(w, 'POST', '/api/agent/password', { currentPassword: 'not-it', newPassword: 'a-new-password-1' }),
    expect: agentsOnly([401, 'invalid_credentials']),
  },
  {
    name: 'POST /api/agent/login (wrong password)',
    run: (w) => call(w, 'POST', '/api/agent/login', { email: 'x@test.local', password: 'wrong' }),
    expect: everyone([401, 'invalid_credentials']),
  },
  {
    name: 'POST /api/customers (anyone may become a customer; a customer updates themself)',
    run: (w) => call(w, 'POST', '/api/customers', { name: w === 'customerA' ? 'Customer A' : w === 'customerB' ? 'Customer B' : `New ${w}`, email: `${w.toLowerCase()}@example.com` }),
    expect: { ...everyone(201), customerA: 200, customerB: 200 },
  },
  // The e2e server's test-only seeding API (issue 10b) does not exist without TEST_SEED_API=1 — for
  // anyone, signed in or not (test/integration/test-seed.test.ts covers it switched on).
  { name: 'POST /api/test/agents (test-only: absent without TEST_SEED_API=1)', run: (w) => call(w, 'POST', '/api/test/agents', { capability: 99 }), expect: everyone([404, 'not_found']) },
  { name: 'DELETE /api/test/agents/{handle} (test-only)', run: (w) => call(w, 'DELETE', '/api/test/agents/e2e-0123456789'), expect: everyone([404, 'not_found']) },
  { name: 'POST /api/test/demo-roster/reset (test-only)', run: (w) => call(w, 'POST', '/api/test/demo-roster/reset'), expect: everyone([404, 'not_found']) },
  // Last among HTTP rows: a cover moves A's request to another agent.
  // A customer may take a cover only while the request waits for their agent (issue 10): the request is
  // put on hold here, as X going away would; this row is about who may ask, not about the hold.
  {
    name: 'POST /api/service-requests/{A}/cover',
    run: async (w) => {
      await server.db.serviceRequest.updateMany({ where: { id: ids.rA_cover, agentId: ids.x }, data: { holdReason: 'agent_away' } });
      return call(w, 'POST', `/api/service-requests/${ids.rA_cover}/cover`);
    },
    expect: ownerAOnly(200),
  },
];

const contactOfA = 'customera@example.com';

describe('authorization matrix: HTTP', () => {
  for (const row of rows) {
    it(row.name, async () => {
      const got: Record<string, string> = {};
      const want: Record<string, string> = {};
      for (const who of WHO) {
        const res = await row.run(who);
        const e = row.expect[who];
        const [status, code] = Array.isArray(e) ? e : [e, undefined];
        got[who] = code ? `${res.status} ${res.json?.error?.code}` : `${res.status}`;
        want[who] = code ? `${status} ${code}` : `${status}`;
        // No leak: nobody but A and A's agent X ever sees A's contact address.
        if (who !== 'customerA' && who !== 'agentX') expect(res.text, `${who} saw A's contact`).not.toContain(contactOfA);
        if (res.status >= 400) expect(res.json?.error?.message, `${who}: JSON error shape`).toBeTruthy();
      }
      expect(got).toEqual(want);
    });
  }
});

// Issue 29: /api/v1 × API tokens of each scope (and a revoked one): 200 with the scope, 403 naming it without.
describe('authorization matrix: API tokens on /api/v1', () => {
  const TOKENS = ['requests', 'customers', 'agents', 'reports', 'all', 'revoked'] as const;
  const tokens = {} as Record<(typeof TOKENS)[number], string>;
  beforeAll(async () => {
    const make = async (scopes: string[]) => (await createApiToken({ db: server.db, input: { name: 'matrix', scopes }, adminId: null })).token;
    for (const t of ['requests', 'customers', 'agents', 'reports'] as const) tokens[t] = await make([`${t}:read`]);
    tokens.all = await make(['requests:read', 'customers:read', 'agents:read', 'reports:read']);
    tokens.revoked = await make(['requests:read', 'customers:read', 'agents:read', 'reports:read']);
    const row = await server.db.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(tokens.revoked) } });
    await revokeApiToken({ db: server.db, id: row.id });
  });
  const cases: [string, () => string, string][] = [
    ['GET /api/v1/requests', () => '/api/v1/requests', 'requests'],
    ['GET /api/v1/requests/{A}', () => `/api/v1/requests/${ids.rA_read}`, 'requests'],
    ['GET /api/v1/customers', () => '/api/v1/customers', 'customers'],
    ['GET /api/v1/agents', () => '/api/v1/agents', 'agents'],
    ['GET /api/v1/reports', () => '/api/v1/reports?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z', 'reports'],
  ];
  for (const [name, path, scope] of cases) {
    it(name, async () => {
      const got: Record<string, string> = {};
      const want: Record<string, string> = {};
      for (const t of TOKENS) {
        const res = await fetch(server.url + path(), { headers: { authorization: `Bearer ${tokens[t]}` } });
        const json = await res.json();
        got[t] = res.status === 200 ? '200' : `${res.status} ${json.error?.code}`;
        want[t] = t === 'revoked' ? '401 unauthenticated' : t === scope || t === 'all' ? '200' : '403 forbidden';
        if (res.status === 403) expect(json.error.message).toContain(`${scope}:read`);
        // A refused token never carries the data.
        if (res.status !== 200) expect(JSON.stringify(json)).not.toContain(contactOfA);
      }
      expect(got).toEqual(want);
    });
  }
});

/** A socket event's answer as "ok" or the error code; "refused" when the caller could not even connect. */
const emit = async (who: Who, event: string, body: unknown): Promise<string> => {
  const s = sockets[who];
  if (!s) return 'refused';
  const r = await ask(s, event, body, 5000);
  return r.ok ? 'ok' : r.error.code;
};

describe('authorization matrix: Socket.IO', () => {
  it('connect: only live sessions (customers and active, signed-in agents)', () => {
    const got = Object.fromEntries(WHO.map((w) => [w, sockets[w] ? 'connected' : 'refused']));
    expect(got).toEqual({
      anonymous: 'refused',
      customerA: 'connected',
      customerB: 'connected',
      agentX: 'connected',
      agentY: 'connected',
      deactivated: 'refused',
      signedOut: 'refused',
      // An admin has no socket: /admin reads over HTTP.
      admin: 'refused',
    });
  });

  const agentEvent = { anonymous: 'refused', customerA: 'unauthenticated', customerB: 'unauthenticated', deactivated: 'refused', signedOut: 'refused', admin: 'refused' };
  const cases: [string, () => unknown, Record<Who, string>][] = [
    ['agent:set-status', () => ({ status: 'online' }), { ...agentEvent, agentX: 'ok', agentY: 'ok' }],
    ['service-request:ack', () => ({ id: ids.rA_ack }), { ...agentEvent, agentX: 'ok', agentY: 'not_found' }],
    ['service-request:reply', () => ({ id: ids.rA_reply, body: 'On it' }), { ...agentEvent, agentX: 'ok', agentY: 'not_found' }],
    ['service-request:resolve', () => ({ id: ids.rA_resolve }), { ...agentEvent, agentX: 'ok', agentY: 'not_found' }],
    ['service-request:decline', () => ({ id: ids.rA_decline }), { ...agentEvent, agentX: 'ok', agentY: 'not_found' }],
    // Read receipts (issue 15b): only the agent handling the request marks its thread read.
    ['service-request:read', () => ({ id: ids.rA_read, upTo: new Date().toISOString() }), { ...agentEvent, agentX: 'ok', agentY: 'not_found' }],
  ];
  for (const [event, body, want] of cases) {
    it(event, async () => {
      const got: Record<string, string> = {};
      // Y and the customers first: X's success may move the request (decline) or close it (resolve).
      for (const who of ['anonymous', 'customerA', 'customerB', 'agentY', 'deactivated', 'signedOut', 'admin', 'agentX'] as Who[]) got[who] = await emit(who, event, body());
      expect(got).toEqual(want);
    });
  }

  it('every event a client may send has a case (a new event without one fails here)', () => {
    // presence:active carries nothing and has no answer: it only marks the sending agent's own console active.
    // agents:watch has its own case below.
    const covered = [...cases.map(([event]) => event), 'presence:active', 'agents:watch'];
    expect(socketEventsOnDisk().filter((e) => !covered.includes(e))).toEqual([]);
  });

  it('a covering agent sees the covered request of that customer, not the rest of their history', async () => {
    const covered = await server.db.serviceRequest.findUniqueOrThrow({ where: { id: ids.rA_cover } });
    expect(covered.agentId).toBe(ids.y);
    const res = await call('agentY', 'GET', `/api/agent/customers/${ids.customerA}`);
    expect(res.status).toBe(200);
    expect(res.json.exclusive).toBe(false);
    // The cover, and the declined request that went to Y: exactly the ones Y handles, none of A's others.
    const handledByY = await server.db.serviceRequest.findMany({ where: { customerId: ids.customerA, agentId: ids.y }, select: { id: true } });
    expect(handledByY.map((r) => r.id).sort()).toEqual([ids.rA_cover, ids.rA_decline].sort());
    expect(res.json.requests.map((r: { id: string }) => r.id).sort()).toEqual([ids.rA_cover, ids.rA_decline].sort());
    // X, the exclusive agent, sees all of A's history.
    const all = await call('agentX', 'GET', `/api/agent/customers/${ids.customerA}`);
    expect(all.json.requests.length).toBeGreaterThan(5);
  });

  it('agents:watch: every connected socket, and a visitor socket (no session yet), may wait for an agent to come online', async () => {
    const visitor = connectSocket(server.url, { visitor: true });
    await connected(visitor);
    const listeners = [...WHO.filter((w) => sockets[w]).map((w) => sockets[w]!), visitor];
    for (const l of listeners) l.emit('agents:watch', { on: true });
    // A round trip on each socket after the watch: its earlier packet has been handled.
    await Promise.all(listeners.map((l) => ask(l, 'agent:set-status', { status: 'bogus' }, 5000)));
    const heard = listeners.map((l) => nextEvent(l, 'agents:available', 5000));
    expect((await ask(sockets.agentY!, 'agent:set-status', { status: 'away' })).ok).toBe(true);
    expect((await ask(sockets.agentY!, 'agent:set-status', { status: 'online' })).ok).toBe(true);
    await Promise.all(heard);
    visitor.disconnect();
  });

  it('signing out ends every token and socket of that agent at once', async () => {
    const second = await play.signIn('y');
    const tab = connectSocket(server.url, { token: second.token });
    await connected(tab);
    const closed = new Promise<string>((r) => tab.once('disconnect', r));
    const closedFirst = new Promise<string>((r) => sockets.agentY!.once('disconnect', r));
    expect((await second.client.post('/api/agent/logout')).status).toBe(200);
    expect(await closed).toBe('io server disconnect');
    expect(await closedFirst).toBe('io server disconnect');
    expect((await call('agentY', 'GET', '/api/agent/customers')).status).toBe(401);
    const again = connectSocket(server.url, { token: second.token });
    await expect(connected(again, 5000)).rejects.toThrow(/unauthenticated/);
    again.disconnect();
    tab.disconnect();
  });
});

// Last: the sign-outs end sessions, so they run after every other row (each caller once, in this order).
describe('authorization matrix: signing out', () => {
  const ORDER: Who[] = ['anonymous', 'customerA', 'customerB', 'deactivated', 'signedOut', 'agentY', 'agentX', 'admin'];
  it('POST /api/agent/logout: anyone may ask (nothing to end is not an error); only an agent session ends', async () => {
    const got = Object.fromEntries(await ORDER.reduce(async (acc, w) => [...(await acc), [w, (await call(w, 'POST', '/api/agent/logout')).status]], Promise.resolve([] as [Who, number][])));
    expect(got).toEqual(Object.fromEntries(ORDER.map((w) => [w, 200])));
    expect((await call('agentX', 'GET', '/api/agent/me')).status).toBe(401);
    expect((await call('customerA', 'GET', '/api/me/agent')).status).toBe(200);
    expect((await call('admin', 'GET', '/api/admin/overview')).status).toBe(200);
  });

  it('POST /api/admin/logout: only the admin session ends', async () => {
    const got = Object.fromEntries(await ORDER.reduce(async (acc, w) => [...(await acc), [w, (await call(w, 'POST', '/api/admin/logout')).status]], Promise.resolve([] as [Who, number][])));
    expect(got).toEqual(Object.fromEntries(ORDER.map((w) => [w, 204])));
    expect((await call('admin', 'GET', '/api/admin/overview')).status).toBe(401);
    expect((await call('customerA', 'GET', '/api/me/agent')).status).toBe(200);
  });
});

it('every route has a row in the matrix (a new route without one fails here)', () => {
  const names = [...rows.map((r) => r.name), 'POST /api/agent/logout', 'POST /api/admin/logout'];
  const missing = routesOnDisk().filter(({ method, path: p }) => {
    const pattern = new RegExp(`^${method} ${p.replace(/\{[^}]+\}/g, '\\{[^}]+\\}')}( |$)`);
    return !names.some((n) => pattern.test(n));
  });
  expect(missing).toEqual([]);
  expect(routesOnDisk().length).toBeGreaterThan(40);
});
