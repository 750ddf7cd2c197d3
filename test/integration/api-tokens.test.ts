import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '../../lib/admin/admins.ts';
import { hashToken } from '../../lib/credentials/sessions.ts';
import { buildOpenApiDocument } from '../../lib/public-api/openapi.ts';
import { agentsPageSchema, customersPageSchema, reportSchema, requestOneSchema, requestsPageSchema } from '../../lib/public-api/schemas.ts';
import { getReport } from '../../lib/admin/reports.ts';
import { createClient, printLogsOnFailure, startServer, type RunningServer } from '../helpers/server.ts';
import { scenario } from '../helpers/scenario.ts';

// Issue 29: the shop's servers read through /api/v1 with an API token the admin made — through real
// servers (SQLite, and PostgreSQL + Redis in the postgres project), two of them on one database.

// The test servers multiply every limit by 20 (test/helpers/server.ts): 2 × 20 = 40 calls per token a minute.
const API_TOKEN_LIMIT = 40;
const ENV = { RATE_LIMIT_API_TOKEN: '2', PRESENCE_GRACE_MS: '600000' };
let server: RunningServer;
let second: RunningServer | undefined;
let admin: ReturnType<typeof createClient>;
const ids = {} as Record<string, string>;
afterEach(printLogsOnFailure(() => server));
const play = scenario(() => server);

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const v1 = (token: string | null, p: string, base = server.url) => createClient(base).get(p, token ? bearer(token) : {});
const newToken = async (scopes: string[], name = `token ${scopes.join(' ')}`) => {
  const res = await admin.post('/api/admin/api-tokens', { name, scopes });
  expect(res.status).toBe(201);
  return res.json as { token: string; apiToken: { id: string; name: string; scopes: string[] } };
};
const ALL = ['requests:read', 'customers:read', 'agents:read', 'reports:read'];

beforeAll(async () => {
  server = await startServer({ env: ENV });
  await createAdmin({ db: server.db, input: { email: 'ops@example.com', name: 'Ops', password: 'a-long-admin-password' } });
  admin = createClient(server.url);
  expect((await admin.post('/api/admin/login', { email: 'ops@example.com', password: 'a-long-admin-password' })).status).toBe(200);
  ids.x = (await play.agent('x', 90, 'offline')).id;
  const c = await play.customerOf('Api Customer', 'x');
  ids.customer = (await c.client.get('/api/customers/me')).json.customer.id;
  const sent = await c.send('Where is my parcel?');
  expect(sent.status).toBe(201);
  ids.request = sent.json.request.id;
  await server.db.requestMessage.create({ data: { requestId: ids.request, author: 'customer', body: 'It was due on Monday.' } });
});
afterAll(async () => {
  play.closeAll();
  await second?.stop({ keepDb: true });
  await server?.stop();
});

describe('API tokens', () => {
  it('made on the admin page, shown once, kept only as its sha256; it reads requests (with threads), customers (with their agent) and agents (with presence)', async () => {
    const made = await newToken(ALL, 'Shop sync');
    expect(made.token).toMatch(/^eat_[A-Za-z0-9_-]{43}$/);
    expect(made.apiToken).toEqual({ id: expect.any(String), name: 'Shop sync', scopes: ALL });

    const listed = await admin.get('/api/admin/api-tokens');
    expect(listed.status).toBe(200);
    expect(listed.json.apiTokens).toContainEqual({ id: made.apiToken.id, name: 'Shop sync', scopes: ALL, createdAt: expect.any(String), lastUsedAt: null, revokedAt: null });
    expect(JSON.stringify(listed.json)).not.toContain(made.token);
    const row = await server.db.apiToken.findUniqueOrThrow({ where: { id: made.apiToken.id } });
    expect(JSON.stringify(row)).not.toContain(made.token.slice(4));
    expect(row.tokenHash).toBe(hashToken(made.token));

    const requests = await v1(made.token, '/api/v1/requests');
    expect(requests.status).toBe(200);
    const page = requestsPageSchema.parse(requests.json);
    const mine = page.requests.find((r) => r.id === ids.request)!;
    expect(mine).toMatchObject({ customerId: ids.customer, message: 'Where is my parcel?', boundAgentId: ids.x });
    expect(mine.thread.map((m) => m.body)).toContain('It was due on Monday.');
    expect(requests.headers.get('cache-control')).toBe('no-store');

    const one = await v1(made.token, `/api/v1/requests/${ids.request}`);
    expect(requestOneSchema.parse(one.json).request.id).toBe(ids.request);
    expect((await v1(made.token, '/api/v1/requests/nope')).status).toBe(404);

    const customers = await v1(made.token, '/api/v1/customers');
    expect(customers.status).toBe(200);
    const cust = customersPageSchema.parse(customers.json).customers.find((x) => x.id === ids.customer)!;
    expect(cust).toMatchObject({ name: 'Api Customer', email: 'apicustomer@example.com', agent: { id: ids.x, state: 'active' } });
    expect((await v1(made.token, `/api/v1/customers?agentId=${ids.x}`)).json.customers.map((x: { id: string }) => x.id)).toEqual([ids.customer]);

    const agents = await v1(made.token, '/api/v1/agents');
    expect(agents.status).toBe(200);
    const x = agentsPageSchema.parse(agents.json).agents.find((a) => a.id === ids.x)!;
    expect(x).toMatchObject({ handle: 'x', status: 'offline', available: false, active: true });
    // No credentials of anyone, no agent's e-mail.
    for (const body of [requests, customers, agents].map((r) => JSON.stringify(r.json))) {
      expect(body).not.toMatch(/passwordHash|tokenHash|s1\.|x@test\.local/);
    }

    // lastUsedAt: set by the first call, not rewritten by every call within the minute.
    const used = await server.db.apiToken.findUniqueOrThrow({ where: { id: made.apiToken.id } });
    expect(used.lastUsedAt).not.toBeNull();
    await v1(made.token, '/api/v1/agents');
    expect((await server.db.apiToken.findUniqueOrThrow({ where: { id: made.apiToken.id } })).lastUsedAt).toEqual(used.lastUsedAt);
    expect((await admin.get('/api/admin/api-tokens')).json.apiTokens.find((t: { id: string }) => t.id === made.apiToken.id).lastUsedAt).toBe(used.lastUsedAt!.toISOString());
  });

  it('scopes are enforced: 403 naming the missing scope; no token, a wrong one or a session token: 401', async () => {
    const agentsOnly = await newToken(['agents:read']);
    expect((await v1(agentsOnly.token, '/api/v1/agents')).status).toBe(200);
    for (const [p, scope] of [
      ['/api/v1/requests', 'requests:read'],
      [`/api/v1/requests/${ids.request}`, 'requests:read'],
      ['/api/v1/customers', 'customers:read'],
    ]) {
      const res = await v1(agentsOnly.token, p!);
      expect(res.status, p).toBe(403);
      expect(res.json.error).toMatchObject({ code: 'forbidden', field: 'scope' });
      expect(res.json.error.message).toContain(scope);
      expect(JSON.stringify(res.json)).not.toContain('Api Customer');
    }
    const agent = await play.signIn('x');
    for (const t of [null, 'eat_nope', `eat_${'A'.repeat(43)}`, agent.token]) {
      const res = await v1(t, '/api/v1/agents');
      expect(res.status, String(t)).toBe(401);
      expect(res.json.error.code).toBe('unauthenticated');
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
    // The admin's own cookie is not an API token either.
    expect((await admin.get('/api/v1/agents')).status).toBe(401);
    const bad = await admin.post('/api/admin/api-tokens', { name: 'x', scopes: ['requests:write'] });
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toMatch(/^scopes/);
  });

  it('revocation holds at once, on this server and on a second one on the same database', async () => {
    second = await startServer({ dbUrl: server.dbUrl, dir: server.dir, env: ENV });
    const t = await newToken(['requests:read']);
    expect((await v1(t.token, '/api/v1/requests?limit=1')).status).toBe(200);
    expect((await v1(t.token, '/api/v1/requests?limit=1', second.url)).status).toBe(200);
    const revoked = await admin.delete(`/api/admin/api-tokens/${t.apiToken.id}`);
    expect(revoked.status).toBe(204);
    // No waiting: the very next call on either server is refused.
    expect((await v1(t.token, '/api/v1/requests?limit=1', second.url)).status).toBe(401);
    expect((await v1(t.token, '/api/v1/requests?limit=1')).status).toBe(401);
    const listed = (await admin.get('/api/admin/api-tokens')).json.apiTokens.find((x: { id: string }) => x.id === t.apiToken.id);
    expect(listed.revokedAt).toEqual(expect.any(String));
    expect((await admin.delete(`/api/admin/api-tokens/${t.apiToken.id}`)).status).toBe(204);
    expect((await admin.delete('/api/admin/api-tokens/nope')).status).toBe(404);
  });

  it('pages are stable: rows inserted between pages (later, and at the same instant as the cursor) make no page skip or repeat a row', async () => {
    const t = await newToken(['requests:read']);
    const c = await server.db.customer.create({ data: { name: 'Pager' } });
    // Four rows share one instant, so the order falls to the id.
    const at = new Date(Date.now() - 60_000);
    const insert = async (n: number, createdAt?: Date) => {
      for (let i = 0; i < n; i++) {
        await server.db.serviceRequest.create({ data: { customerId: c.id, agentId: ids.x, message: `page row ${i}`, idempotencyKey: crypto.randomUUID(), ...(createdAt ? { createdAt } : {}) } });
      }
    };
    await insert(4, at);
    await insert(5);
    const before = (await server.db.serviceRequest.findMany({ where: { customerId: c.id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map((r) => r.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await v1(t.token, `/api/v1/requests?customerId=${c.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const page = requestsPageSchema.parse(res.json);
      expect(page.requests.length).toBeLessThanOrEqual(2);
      seen.push(...page.requests.map((r) => r.id));
      cursor = page.nextCursor;
      // Someone writes while the client pages: new rows, and rows at the very instant of the tie.
      if (pages++ < 3) await insert(1, pages === 1 ? at : undefined);
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => before.includes(id))).toEqual(before);
    expect(pages).toBeGreaterThan(5);
  });

  it('each token has its own rate limit: 429 with Retry-After, other tokens unaffected', async () => {
    const busy = await newToken(['agents:read']);
    const calm = await newToken(['agents:read']);
    let refused: Awaited<ReturnType<typeof v1>> | undefined;
    for (let i = 0; i <= API_TOKEN_LIMIT && !refused; i++) {
      const res = await v1(busy.token, '/api/v1/agents?limit=1');
      if (res.status !== 200) refused = res;
    }
    expect(refused?.status).toBe(429);
    expect(refused?.json.error.code).toBe('rate_limited');
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await v1(calm.token, '/api/v1/agents?limit=1')).status).toBe(200);
  });

  it('a wrong query parameter answers 400 naming it', async () => {
    const t = await newToken(ALL);
    for (const [q, field] of [
      ['/api/v1/requests?limit=0', 'limit'],
      ['/api/v1/requests?limit=101', 'limit'],
      ['/api/v1/requests?limit=ten', 'limit'],
      ['/api/v1/requests?status=lost', 'status'],
      ['/api/v1/requests?updatedSince=yesterday', 'updatedSince'],
      ['/api/v1/requests?cursor=not-a-cursor', 'cursor'],
      ['/api/v1/customers?cursor=eyJ4IjoxfQ', 'cursor'],
      ['/api/v1/agents?available=maybe', 'available'],
    ]) {
      const res = await v1(t.token, q!);
      expect(res.status, q).toBe(400);
      expect(res.json.error, q).toMatchObject({ code: 'invalid_input', field });
    }
    expect((await v1(t.token, `/api/v1/requests?status=pending&updatedSince=${encodeURIComponent('2020-01-01T00:00:00Z')}`)).status).toBe(200);
  });

  it('report figures are those of /admin/reports, for the period and agent asked', async () => {
    const t = await newToken(['reports:read']);
    const from = new Date(Date.now() - 24 * 3600_000);
    const to = new Date(Date.now() + 3600_000);
    const q = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
    const res = await v1(t.token, `/api/v1/reports?${q}`);
    expect(res.status).toBe(200);
    // Strict: a figure the report gains without the schema (and so the OpenAPI document) fails here.
    const report = reportSchema.strict().parse(res.json.report);
    expect(report.bindingHealth.requests).toBeGreaterThan(0);
    // The figures that do not move with the clock (held times of requests still held do).
    const steady = (r: { period: unknown; volume: unknown; ratings: unknown; gifts: unknown; bindingHealth: { requests: number; coveredBy: unknown } }) => ({
      period: r.period,
      volume: r.volume,
      ratings: r.ratings,
      gifts: r.gifts,
      requests: r.bindingHealth.requests,
      coveredBy: r.bindingHealth.coveredBy,
    });
    const page = await admin.get(`/api/admin/reports?${q}`);
    expect(page.status).toBe(200);
    expect(steady(res.json.report)).toEqual(steady(page.json));
    const ofX = await v1(t.token, `/api/v1/reports?${q}&agentId=${ids.x}`);
    expect(ofX.json.report.period.agentId).toBe(ids.x);
    expect(steady(ofX.json.report)).toEqual(steady(JSON.parse(JSON.stringify(await getReport({ db: server.db, from, to, agentId: ids.x })))));
    for (const [query, field] of [
      ['', 'from'],
      [`from=${encodeURIComponent(from.toISOString())}`, 'to'],
      [`from=${encodeURIComponent(to.toISOString())}&to=${encodeURIComponent(from.toISOString())}`, 'to'],
      [`${q}&utcOffsetMinutes=30`, 'utcOffsetMinutes'],
    ]) {
      const bad = await v1(t.token, `/api/v1/reports?${query}`);
      expect(bad.status, query).toBe(400);
      expect(bad.json.error.field, query).toBe(field);
    }
  });

  it('GET /api/v1/openapi.json is public and is the generated document', async () => {
    const res = await v1(null, '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.json).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });
});
