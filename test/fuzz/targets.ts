// Property-based fuzzing of every route and socket event (issue 13). Shared by the CI-sized test
// (test/integration/fuzz.test.ts) and the nightly-sized run (`npm run fuzz`).
import http from 'node:http';
import fc from 'fast-check';
import type { Socket } from 'socket.io-client';

/** Every route the app has, with its methods and the name of its path parameter (if any). */
export const ROUTES: { path: string; methods: string[] }[] = [
  { path: '/api/health', methods: ['GET'] },
  { path: '/api/customers', methods: ['POST'] },
  { path: '/api/customers/me', methods: ['GET', 'DELETE'] },
  { path: '/api/me/agent', methods: ['GET'] },
  // Issue 28: handover with consent (the customer's answer; an admin's move to a colleague).
  { path: '/api/me/handover', methods: ['POST'] },
  { path: '/api/admin/agents/{id}/handover', methods: ['POST'] },
  // Issue 29: webhooks.
  { path: '/api/admin/webhooks', methods: ['GET', 'POST'] },
  { path: '/api/admin/webhooks/{id}', methods: ['PATCH', 'DELETE'] },
  { path: '/api/admin/webhooks/{id}/deliveries', methods: ['GET'] },
  { path: '/api/admin/webhooks/{id}/deliveries/{id}/resend', methods: ['POST'] },
  { path: '/api/admin/webhooks/{id}/test', methods: ['POST'] },
  // Issue 29: API tokens, and the read API they open.
  { path: '/api/admin/api-tokens', methods: ['GET', 'POST'] },
  { path: '/api/admin/api-tokens/{id}', methods: ['DELETE'] },
  { path: '/api/v1/requests', methods: ['GET'] },
  { path: '/api/v1/requests/{id}', methods: ['GET'] },
  { path: '/api/v1/customers', methods: ['GET'] },
  { path: '/api/v1/agents', methods: ['GET'] },
  { path: '/api/v1/reports', methods: ['GET'] },
  { path: '/api/v1/openapi.json', methods: ['GET'] },
  // Issue 30: files customers send; the upload's body is fuzzed by uploadCase below.
  { path: '/api/uploads', methods: ['POST'] },
  { path: '/api/uploads/{id}', methods: ['GET'] },
  { path: '/api/uploads/{id}/thumbnail', methods: ['GET'] },
  { path: '/api/matches', methods: ['POST'] },
  { path: '/api/matches/{id}', methods: ['GET'] },
  { path: '/api/matches/{id}/skip', methods: ['POST'] },
  { path: '/api/matches/{id}/choose', methods: ['POST'] },
  { path: '/api/service-requests', methods: ['GET', 'POST'] },
  { path: '/api/service-requests/{id}', methods: ['GET'] },
  { path: '/api/service-requests/{id}/cover', methods: ['POST'] },
  { path: '/api/service-requests/{id}/wait', methods: ['POST'] },
  { path: '/api/agent/login', methods: ['POST'] },
  { path: '/api/agent/logout', methods: ['POST'] },
  { path: '/api/agent/password', methods: ['POST'] },
  { path: '/api/agent/me', methods: ['GET'] },
  { path: '/api/agent/requests', methods: ['GET'] },
  { path: '/api/agent/status', methods: ['PUT'] },
  { path: '/api/agent/customers', methods: ['GET'] },
  { path: '/api/agent/customers/{id}', methods: ['GET'] },
  // Issues 12, 14, 15, 17: readiness, admin, ratings and gifts, threads, callbacks, settings, push.
  { path: '/api/ready', methods: ['GET'] },
  { path: '/api/admin/login', methods: ['POST'] },
  { path: '/api/admin/logout', methods: ['POST'] },
  { path: '/api/admin/overview', methods: ['GET'] },
  // Issue 28: reports; its query is fuzzed by reportQuery below.
  { path: '/api/admin/reports', methods: ['GET'] },
  { path: '/api/admin/jobs/{id}/run', methods: ['POST'] },
  { path: '/api/gifts', methods: ['GET'] },
  { path: '/api/me/agent/gifts', methods: ['POST'] },
  { path: '/api/me/ratings', methods: ['GET'] },
  { path: '/api/service-requests/{id}/rating', methods: ['POST'] },
  { path: '/api/service-requests/{id}/messages', methods: ['POST'] },
  { path: '/api/service-requests/{id}/read', methods: ['POST'] },
  { path: '/api/agent/feedback', methods: ['GET'] },
  { path: '/api/callbacks', methods: ['GET', 'POST'] },
  { path: '/api/callbacks/slots', methods: ['GET'] },
  { path: '/api/callbacks/{id}/cancel', methods: ['POST'] },
  { path: '/api/callbacks/{id}/reschedule', methods: ['POST'] },
  { path: '/api/agent/callbacks', methods: ['GET'] },
  { path: '/api/agent/callbacks/slots', methods: ['GET'] },
  { path: '/api/agent/callbacks/{id}/reschedule', methods: ['POST'] },
  { path: '/api/agent/callbacks/{id}/outcome', methods: ['POST'] },
  { path: '/api/customers/me/settings', methods: ['GET', 'PUT'] },
  { path: '/api/agent/settings', methods: ['GET', 'PUT'] },
  { path: '/api/push/key', methods: ['GET'] },
  { path: '/api/push/subscriptions', methods: ['POST', 'DELETE'] },
  // Issue 17b: the customer takes the agent offered for a call instead of their own.
  { path: '/api/callbacks/{id}/cover', methods: ['POST'] },
  // Issue 25: the shop's identity, handoff codes, sign-in links.
  { path: '/api/customers/identify', methods: ['POST'] },
  { path: '/api/customers/handoff', methods: ['POST'] },
  { path: '/api/customers/me/handoff', methods: ['POST'] },
  { path: '/api/customers/sign-in-link', methods: ['POST'] },
  // Issue 28: agents managed on /admin, and the agent's one-time sign-in link.
  { path: '/api/admin/agents', methods: ['POST'] },
  { path: '/api/admin/agents/{id}', methods: ['GET', 'PATCH'] },
  { path: '/api/admin/agents/{id}/deactivate', methods: ['POST'] },
  { path: '/api/admin/agents/{id}/reactivate', methods: ['POST'] },
  { path: '/api/admin/agents/{id}/sessions', methods: ['DELETE'] },
  { path: '/api/admin/agents/{id}/password-reset', methods: ['POST'] },
  { path: '/api/admin/audit', methods: ['GET'] },
  { path: '/api/agent/sign-in-link', methods: ['POST'] },
  // Issue 10b: the e2e server's test-only seeding API (on in the fuzz server: see test/fuzz/run-fuzz.ts).
  // Issue 25: a customer's devices and data (erasure is DELETE /api/customers/me above).
  { path: '/api/customers/me/sessions', methods: ['GET'] },
  { path: '/api/customers/me/sessions/{id}', methods: ['DELETE'] },
  { path: '/api/customers/me/export', methods: ['GET'] },
  { path: '/api/test/agents', methods: ['POST'] },
  { path: '/api/test/agents/{id}', methods: ['DELETE'] },
  { path: '/api/test/demo-roster/reset', methods: ['POST'] },
];

export const SOCKET_EVENTS = ['service-request:ack', 'service-request:resolve', 'service-request:decline', 'service-request:reply', 'service-request:read', 'presence:active', 'agent:set-status', 'agents:watch'];
/** Events the client sends without a callback. */
const NO_ACK_EVENTS = new Set(['presence:active', 'agents:watch']);

const HOSTILE_STRINGS = [
  '\u0000hidden',
  '\u0000',
  '\u202Eevil\u202C',
  '\uFEFF',
  '\uD800', // lone surrogate
  '😀'.repeat(600),
  'a'.repeat(20_000),
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '../../etc/passwd',
  '%ZZ',
  '${jndi:ldap://x}',
  '__proto__',
  'constructor',
  'Jose\u0301',
  '\r\nSet-Cookie: x=1',
  '',
  ' ',
];

const hostileString = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 50 }), fc.string({ unit: 'binary', maxLength: 50 }));

/** A value of any type, with hostile strings in it; sometimes shaped like what the route expects. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(
      fc.oneof(hostileString, fc.constantFrom('name', 'email', 'phone', 'im', 'message', 'status', 'password', '__proto__', 'body', 'stars', 'giftId', 'at', 'note', 'endpoint', 'keys')),
      tie('value'),
      { maxKeys: 5 },
    ),
  ),
})).value;

const shapedBody = fc.record(
  {
    name: hostileValue,
    email: fc.oneof(hostileValue, fc.emailAddress()),
    phone: fc.oneof(hostileValue, fc.constant('+86 138 0013 8000')),
    im: hostileValue,
    message: hostileValue,
    status: fc.oneof(hostileValue, fc.constantFrom('online', 'away', 'offline')),
    password: hostileValue,
    currentPassword: hostileValue,
    newPassword: hostileValue,
    // threads, ratings, gifts, callbacks, settings, push
    body: hostileValue,
    stars: fc.oneof(hostileValue, fc.integer({ min: -2, max: 8 }), fc.double()),
    comment: hostileValue,
    giftId: fc.oneof(hostileValue, fc.constantFrom('flower', 'thumbs-up')),
    at: fc.oneof(hostileValue, fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.constantFrom('2026-12-01T09:30:00+08:00', '9999-99-99T99:99:99Z')),
    note: hostileValue,
    // the customer's delivery and read marks
    readUpTo: fc.oneof(hostileValue, fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
    deliveredUpTo: fc.oneof(hostileValue, fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
    outcome: fc.oneof(hostileValue, fc.constantFrom('done', 'no_answer')),
    timeZone: fc.oneof(hostileValue, fc.constantFrom('Asia/Shanghai', 'Mars/Olympus')),
    workingHours: hostileValue,
    locale: fc.oneof(hostileValue, fc.constantFrom('en', 'zh-CN')),
    endpoint: fc.oneof(hostileValue, fc.webUrl()),
    keys: hostileValue,
    // the test-only seeding API
    capability: fc.oneof(hostileValue, fc.integer({ min: -5, max: 120 })),
    languages: fc.oneof(hostileValue, fc.constant(['zh-CN', 'en'])),
    skills: hostileValue,
    // agents managed on /admin (issue 28) and the agent's sign-in link
    nameZh: hostileValue,
    bio: hostileValue,
    bioZh: hostileValue,
    capacity: fc.oneof(hostileValue, fc.integer({ min: -5, max: 300 })),
    maxOpenRequests: fc.oneof(hostileValue, fc.integer({ min: -5, max: 2000 })),
    code: fc.oneof(hostileValue, fc.base64String({ minLength: 40, maxLength: 64 })),
    // files sent with a request or message (issue 30)
    attachments: fc.oneof(hostileValue, fc.array(fc.oneof(hostileString, fc.constant('x')), { maxLength: 8 })),
  },
  { requiredKeys: [] },
);

/** What goes over the wire as the body: JSON of a value, or something that is not JSON at all. */
const rawBody = fc.oneof(
  { weight: 4, arbitrary: fc.oneof(shapedBody, hostileValue).map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')) },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.integer({ min: 15, max: 40 }).map((kb) => JSON.stringify({ message: 'x'.repeat(kb * 1024) })) },
);

/** Percent-encodes every byte but the unreserved ones (never throws, unlike encodeURIComponent on a lone surrogate). */
const pct = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

const segment = (ids: string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...ids) },
    { weight: 2, arbitrary: hostileString.map((s) => pct(s).slice(0, 3000) || 'x') },
    { weight: 1, arbitrary: fc.constantFrom('%ZZ', '%E0%A4%A', '%00', '..%2F..', '%2e%2e', 'a%20b', '%', '%C0%AF') },
  );

export type Caller = { cookie?: string; token?: string };

export type HttpCase = {
  method: string;
  path: string;
  body: string | Buffer | null;
  contentType: string | null;
  chunked: boolean;
  caller: Caller;
  extra: Record<string, string>;
};

/** A report's query (issue 28): dates well-formed, reversed, too far apart or hostile; any agent, format, section, zone. */
const isoDate = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
export const reportQuery = fc
  .record(
    {
      from: fc.oneof(isoDate, hostileString),
      to: fc.oneof(isoDate, hostileString),
      agentId: hostileString,
      format: fc.oneof(fc.constantFrom('json', 'csv'), hostileString),
      section: fc.oneof(fc.constantFrom('volume', 'coveredBy', 'handovers'), hostileString),
      utcOffsetMinutes: fc.oneof(fc.integer({ min: -2000, max: 2000 }).map(String), hostileString),
    },
    { requiredKeys: [] },
  )
  .map((q) => new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v).replace(/\u0000/g, '')])).toString());

export const httpCase = (opts: { ids: string[]; callers: Caller[] }): fc.Arbitrary<HttpCase> =>
  fc
    .record({
      route: fc.constantFrom(...ROUTES),
      anyMethod: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
      useRouteMethod: fc.boolean(),
      id: segment(opts.ids),
      unknownTail: fc.option(segment(opts.ids), { freq: 8 }),
      body: fc.option(rawBody, { freq: 6 }),
      contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', null),
      chunked: fc.boolean(),
      caller: fc.oneof(
        fc.constantFrom(...opts.callers),
        fc.record({ cookie: fc.constantFrom('ea_customer=%ZZ', 'ea_agent=s1.AAAA', 'ea_customer=v1.c.x.1.y; ea_visitor=' + 'z'.repeat(40), '=; ;;=', 'ea_agent=' + 'a'.repeat(5000), 'ea_admin=v1.d.x.1.y', 'ea_admin=%E0%A4%A') }),
      ),
      idempotencyKey: fc.option(fc.oneof(hostileString.map((s) => s.replace(/[^\x20-\x7e]/g, '')), fc.uuid()), { freq: 2 }),
      origin: fc.option(fc.constantFrom('https://evil.example', 'null', 'http://127.0.0.1'), { freq: 4 }),
      query: fc.option(reportQuery, { freq: 2 }),
    })
    .map((r) => {
      const method = r.useRouteMethod ? r.route.methods[0]! : r.anyMethod;
      let path = r.route.path.replace('{id}', r.id);
      if (r.unknownTail) path += `/${r.unknownTail}`;
      if (r.query && r.route.path === '/api/admin/reports') path += `?${r.query}`;
      const extra: Record<string, string> = {};
      if (r.idempotencyKey) extra['Idempotency-Key'] = r.idempotencyKey;
      if (r.origin) extra.origin = r.origin;
      return { method, path, body: method === 'GET' ? null : r.body, contentType: r.contentType, chunked: r.chunked, caller: r.caller, extra };
    });

/** Sends one case with node:http (exact path bytes, optional chunked body); resolves status and content type. */
export const send = (base: string, c: HttpCase): Promise<{ status: number; contentType: string; body: string }> =>
  new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...c.extra };
    if (c.caller.cookie) headers.cookie = c.caller.cookie;
    if (c.caller.token) headers.authorization = `Bearer ${c.caller.token}`;
    if (c.contentType && c.body !== null) headers['content-type'] = c.contentType;
    const payload = c.body === null ? null : Buffer.isBuffer(c.body) ? c.body : Buffer.from(c.body, 'utf8');
    if (payload && !c.chunked) headers['content-length'] = String(payload.length);
    // Node frames DELETE/GET bodies only when told to: say chunked explicitly, so every case is valid HTTP.
    if (payload && c.chunked) headers['transfer-encoding'] = 'chunked';
    // Options, not a URL string (which would resolve dot segments before sending).
    const { hostname, port } = new URL(base);
    const req = http.request({ host: hostname, port, path: c.path, method: c.method, headers });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body.length < 4096 ? (body += d) : null));
      res.on('end', () => resolve({ status: res.statusCode!, contentType: String(res.headers['content-type'] ?? ''), body }));
      res.on('error', reject);
    });
    // The server may close after refusing a large body (413, connection: close): that is an answer too.
    req.on('error', (err) => reject(err));
    if (payload && c.chunked) {
      for (let i = 0; i < payload.length; i += 4096) req.write(payload.subarray(i, i + 4096));
    } else if (payload) req.write(payload);
    req.end();
  });

/** The property for one HTTP case: never a 5xx; every /api answer is JSON. */
export const checkHttp = async (base: string, c: HttpCase) => {
  let res;
  try {
    res = await send(base, c);
  } catch (err) {
    // Only an early close after a refused oversized body is acceptable.
    if ((err as NodeJS.ErrnoException).code === 'ECONNRESET' || (err as NodeJS.ErrnoException).code === 'EPIPE') return;
    throw err;
  }
  if (res.status >= 500) throw new Error(`${c.method} ${c.path} → ${res.status}: ${res.body.slice(0, 300)}`);
  // 204 No Content (a sign-out, a removed subscription) has no body to be JSON; anything with a body must be.
  if (res.status === 204 && res.body === '') return;
  // A report asked for as CSV (an admin's call with a valid query) answers CSV.
  if (res.status === 200 && res.contentType.startsWith('text/csv') && c.path.startsWith('/api/admin/reports?')) return;
  // A customer's file (issue 30) is served as what it is, to those who may see it.
  if (res.status === 200 && /^\/api\/uploads\/[^/?]+(\/thumbnail)?(\?|$)/.test(c.path) && /^(image\/(jpeg|png|webp)|application\/pdf)$/.test(res.contentType)) return;
  if (!res.contentType.includes('application/json')) throw new Error(`${c.method} ${c.path} → ${res.status} ${res.contentType}, not JSON`);
};

export const socketCase = (ids: string[]) =>
  fc.record({
    event: fc.oneof(fc.constantFrom(...SOCKET_EVENTS), hostileString),
    payload: fc.oneof(
      hostileValue,
      fc.record(
        {
          id: fc.oneof(fc.constantFrom(...ids), hostileValue),
          body: hostileValue,
          status: hostileValue,
          on: hostileValue,
          upTo: fc.oneof(hostileValue, fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
        },
        { requiredKeys: [] },
      ),
    ),
    withAck: fc.boolean(),
  });

/** The property for one socket event: an event with a callback is answered `{ ok }`; the socket stays up. */
export const checkSocket = async (socket: Socket, c: { event: string; payload: unknown; withAck: boolean }) => {
  if (c.event === 'connect' || c.event === 'disconnect' || c.event === 'connect_error' || c.event === '') return;
  if (!c.withAck || !SOCKET_EVENTS.includes(c.event) || NO_ACK_EVENTS.has(c.event)) {
    socket.emit(c.event, c.payload);
  } else {
    const answer = (await socket.timeout(5000).emitWithAck(c.event, c.payload)) as { ok?: unknown };
    if (typeof answer?.ok !== 'boolean') throw new Error(`${c.event} answered ${JSON.stringify(answer)}`);
  }
  if (!socket.connected) throw new Error(`socket dropped after ${c.event} ${JSON.stringify(c.payload)?.slice(0, 200)}`);
};

// ---- the upload route (issue 30): random bytes and headers ---------------------------------------------

/** Bytes that start like a picture or a PDF (so the sniffer and the decoder get past the first byte), or not at all. */
const MAGIC = [
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.from('GIF89a', 'latin1'),
  Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'),
  Buffer.from('%PDF-1.7\n', 'latin1'),
  Buffer.from('<!doctype html><script>', 'latin1'),
  Buffer.alloc(0),
];
const fileBytes = fc.tuple(fc.constantFrom(...MAGIC), fc.uint8Array({ maxLength: 3000 }), fc.boolean()).map(([magic, rest, eof]) =>
  Buffer.concat([magic, Buffer.from(rest), eof ? Buffer.from('\n%%EOF\n', 'latin1') : Buffer.alloc(0)]),
);

export type UploadCase = HttpCase;

/**
 * A form as a browser would send it, or broken in one of the ways a client can break it: a wrong or missing
 * boundary, a field of another name, two files, no end, a hostile name or declared type, headers that lie.
 */
export const uploadCase = (opts: { callers: Caller[] }): fc.Arbitrary<UploadCase> =>
  fc
    .record({
      // What a header can carry (printable ASCII); the body's own boundary line may be anything.
      boundary: fc.oneof(fc.constantFrom('----fuzzBoundary7MA4YWxkTrZu0gW', 'x', ''), hostileString.map((s) => s.replace(/[^\x20-\x7e]/g, '').slice(0, 80))),
      declaredBoundary: fc.option(hostileString.map((s) => s.replace(/[^\x20-\x7e]/g, '').slice(0, 80)), { freq: 5 }),
      field: fc.oneof(fc.constant('file'), fc.constant('file'), hostileString.map((s) => s.replace(/["\r\n]/g, '').slice(0, 40))),
      filename: fc.oneof(fc.constantFrom('photo.jpg', 'a.png', 'doc.pdf', 'x.gif', '../../etc/passwd', 'con.png', ''), hostileString.map((s) => s.replace(/["\r\n]/g, ''))),
      type: fc.oneof(fc.constantFrom('image/jpeg', 'image/png', 'application/pdf', 'text/html', ''), hostileString.map((s) => s.replace(/[\r\n]/g, '').slice(0, 60))),
      data: fileBytes,
      files: fc.integer({ min: 0, max: 3 }),
      cutAt: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { freq: 4 }),
      contentType: fc.oneof(fc.constant('multipart/form-data; boundary=%B'), fc.constantFrom('multipart/form-data', 'application/json', 'text/plain', 'multipart/mixed; boundary=%B', null)),
      chunked: fc.boolean(),
      caller: fc.constantFrom(...opts.callers),
      origin: fc.option(fc.constantFrom('https://evil.example', 'null'), { freq: 5 }),
    })
    .map((r) => {
      const part = (i: number) =>
        Buffer.concat([
          Buffer.from(`--${r.boundary}\r\nContent-Disposition: form-data; name="${i === 0 ? r.field : 'file'}"; filename="${r.filename}"\r\nContent-Type: ${r.type}\r\n\r\n`, 'utf8'),
          r.data,
          Buffer.from('\r\n', 'latin1'),
        ]);
      let body = Buffer.concat([...Array.from({ length: r.files }, (_, i) => part(i)), Buffer.from(`--${r.boundary}--\r\n`, 'utf8')]);
      if (r.cutAt !== null) body = body.subarray(0, Math.floor(body.length * r.cutAt));
      const contentType = r.contentType?.replace('%B', r.declaredBoundary ?? r.boundary) ?? null;
      const extra: Record<string, string> = r.origin ? { origin: r.origin } : {};
      return { method: 'POST', path: '/api/uploads', body, contentType, chunked: r.chunked, caller: r.caller, extra };
    });
