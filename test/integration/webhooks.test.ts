import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '../../lib/admin/admins.ts';
import { verifySignature } from '../../lib/webhooks/sign.ts';
import { connected, createClient, eventually, printLogsOnFailure, startServer, type RunningServer, ask } from '../helpers/server.ts';
import { scenario } from '../helpers/scenario.ts';

// Issue 29: signed webhooks that are never lost, through real servers (SQLite, and PostgreSQL in the
// postgres project) and a real HTTP receiver started here.
type Got = { id: string; signature: string; body: string; json: { id: string; type: string; data: Record<string, any> } };

const receiver = async () => {
  const got: Got[] = [];
  /** statuses to answer with, in turn (then 200) */
  const script: number[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ id: String(req.headers['webhook-id']), signature: String(req.headers['webhook-signature']), body, json: JSON.parse(body) });
      res.writeHead(script.shift() ?? 200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, got, script, close: () => new Promise((r) => server.close(r)) };
};

const ENV = { WEBHOOKS_ALLOW_HTTP: '1', WEBHOOKS_ALLOW_PRIVATE: '1', SWEEP_INTERVAL_MS: '200', WEBHOOK_RETRY_BASE_MS: '300', PRESENCE_GRACE_MS: '600000' };
let server: RunningServer;
let hook: Awaited<ReturnType<typeof receiver>>;
afterEach(printLogsOnFailure(() => server));
const s = scenario(() => server);

const adminOf = async (base: string) => {
  const c = createClient(base);
  expect((await c.post('/api/admin/login', { email: 'ops@example.com', password: 'a-long-admin-password' })).status).toBe(200);
  return c;
};

beforeAll(async () => {
  hook = await receiver();
  server = await startServer({ env: ENV });
  await createAdmin({ db: server.db, input: { email: 'ops@example.com', name: 'Ops', password: 'a-long-admin-password' } });
});
afterEach(() => s.closeAll());
afterAll(async () => {
  await server?.stop();
  await hook?.close();
});

describe('webhooks', () => {
  it('a request’s life reaches the endpoint signed, in order, with the same views the API gives; the secret is shown once', async () => {
    const admin = await adminOf(server.url);
    const made = await admin.post('/api/admin/webhooks', { url: hook.url, events: ['request.created', 'request.routed', 'request.acknowledged', 'request.resolved', 'message.created'] });
    expect(made.status).toBe(201);
    expect(made.json.webhook).toMatchObject({ url: hook.url, events: ['request.created', 'request.routed', 'request.acknowledged', 'request.resolved', 'message.created'], secret: expect.stringMatching(/^whsec_/) });
    const listed = await admin.get('/api/admin/webhooks');
    expect(listed.json.webhooks).toHaveLength(1);
    expect(JSON.stringify(listed.json)).not.toContain(made.json.webhook.secret);

    await s.agent('hooked-a', 99);
    const agent = await s.online('hooked-a');
    const customer = await s.customerOf('Hana Hook', 'hooked-a');
    const sent = await customer.send('My parcel is late');
    const id = sent.json.request.id;
    await connected(agent.tab);
    expect(await ask(agent.tab, 'service-request:ack', { id })).toMatchObject({ ok: true });
    expect(await ask(agent.tab, 'service-request:reply', { id, body: 'On it' })).toMatchObject({ ok: true });
    expect(await ask(agent.tab, 'service-request:resolve', { id })).toMatchObject({ ok: true });

    const forRequest = () => hook.got.filter((g) => g.json.data.request?.id === id || g.json.data.message?.requestId === id);
    await eventually(async () => forRequest().length >= 5, 10_000);
    expect(forRequest().map((g) => g.json.type)).toEqual(['request.created', 'request.routed', 'request.acknowledged', 'message.created', 'request.resolved']);
    for (const g of forRequest()) {
      expect(g.id).toBe(g.json.id);
      expect(verifySignature({ secret: made.json.webhook.secret, body: g.body, header: g.signature })).toBe(true);
    }
    const [created, routed] = forRequest();
    expect(created!.json.data.request).toEqual({ ...sent.json.request, status: 'pending' , deliveredAt: null, acknowledgedAt: null, resolvedAt: null });
    expect(routed!.json.data.routing).toMatchObject({ decision: 'offered', agentId: agent.id });
    // No contact details for an endpoint not marked for them.
    expect(created!.json.data.customer).toEqual({ id: sent.json.request.customerId, name: 'Hana Hook' });
    const log = await admin.get(`/api/admin/webhooks/${made.json.webhook.id}/deliveries`);
    expect(log.json.deliveries.filter((d: { status: string }) => d.status === 'delivered').length).toBeGreaterThanOrEqual(5);
    await server.db.webhook.deleteMany({});
  });

  it('a receiver that fails twice then succeeds gets the event once more each time, with the same Webhook-Id; "send a test event" works', async () => {
    const admin = await adminOf(server.url);
    const made = await admin.post('/api/admin/webhooks', { url: hook.url, events: ['gift.created'] });
    hook.got.length = 0;
    hook.script.push(500, 502);
    await s.agent('gifted-b', 98);
    await s.online('gifted-b');
    const customer = await s.customerOf('Ivan Gift', 'gifted-b');
    expect((await customer.client.post('/api/me/agent/gifts', { giftId: 'flower' })).status).toBe(201);
    await eventually(async () => hook.got.length >= 3, 15_000);
    expect(hook.got.map((g) => g.json.type)).toEqual(['gift.created', 'gift.created', 'gift.created']);
    expect(new Set(hook.got.map((g) => g.id)).size).toBe(1);
    const [delivery] = (await admin.get(`/api/admin/webhooks/${made.json.webhook.id}/deliveries`)).json.deliveries;
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200, type: 'gift.created' });

    const test = await admin.post(`/api/admin/webhooks/${made.json.webhook.id}/test`);
    expect(test.status).toBe(202);
    await eventually(async () => hook.got.some((g) => g.json.type === 'webhook.test'), 5000);
    await server.db.webhook.deleteMany({});
  });

  it('refuses URLs into this machine or a private network unless allowed, naming the field', async () => {
    const strict = await startServer({ env: { SWEEP_INTERVAL_MS: '200' }, dbUrl: server.dbUrl, dir: server.dir });
    try {
      const admin = await adminOf(strict.url);
      for (const url of ['http://example.com/x', 'https://127.0.0.1/x', 'https://10.0.0.8/x', 'https://[::1]/x', 'https://localhost/x']) {
        const res = await admin.post('/api/admin/webhooks', { url, events: ['*'] });
        expect(res.status, url).toBe(400);
        expect(res.json.error.field, url).toBe('url');
      }
      const bad = await admin.post('/api/admin/webhooks', { url: 'https://example.com/x', events: ['request.nope'] });
      expect(bad.status).toBe(400);
      expect(bad.json.error.field).toBe('events.0');
    } finally {
      await strict.stop({ keepDb: true });
    }
  });

  it('SIGKILL between the change and the delivery: the event is delivered after the restart', { timeout: 90_000 }, async () => {
    const admin = await adminOf(server.url);
    const made = await admin.post('/api/admin/webhooks', { url: hook.url, events: ['binding.created'] });
    // The receiver is away (connection refused) when the change happens, so nothing can be delivered before the kill.
    await hook.close();
    await s.agent('bound-c', 97);
    await s.online('bound-c');
    const customer = await s.customerOf('Jo Killed', 'bound-c');
    const customerId = (await customer.client.get('/api/customers/me')).json.customer.id;
    s.closeAll();
    await eventually(async () => (await server.db.outboxEvent.count({ where: { type: 'binding.created' } })) > 0, 5000);
    await server.kill();
    const port = Number(new URL(hook.url).port);
    hook = await (async () => {
      const again = await receiver();
      await again.close();
      // listen on the same port the endpoint names
      const got: Got[] = [];
      const srv = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          got.push({ id: String(req.headers['webhook-id']), signature: String(req.headers['webhook-signature']), body, json: JSON.parse(body) });
          res.writeHead(200).end();
        });
      });
      await new Promise<void>((r) => srv.listen(port, '127.0.0.1', r));
      return { url: hook.url, got, script: [] as number[], close: () => new Promise((r) => srv.close(r)) };
    })();
    server = await startServer({ env: ENV, dbUrl: server.dbUrl, dir: server.dir });
    // Usually at once. If the kill landed while the old server was sending (its claim written, its outcome
    // not: the receiver refused), the claim's lease — the send timeout + 30 s — holds the retry back that long.
    await eventually(async () => hook.got.some((g) => g.json.type === 'binding.created' && g.json.data.binding.customerId === customerId), 50_000);
    expect(hook.got.filter((g) => g.json.data.binding?.customerId === customerId)).toHaveLength(1);
    await server.db.webhook.deleteMany({});
    void made;
  });
});
