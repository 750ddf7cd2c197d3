import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWebhook } from '../../lib/webhooks/endpoints.ts';
import { createClient, eventually, printLogsOnFailure, startServer, type RunningServer } from '../helpers/server.ts';
import { scenario } from '../helpers/scenario.ts';

// Issue 29 on PostgreSQL with two instances: the outbox is delivered by the sweeper's leader only, so each
// event reaches the endpoint once however many instances write events.
const ENV = { WEBHOOKS_ALLOW_HTTP: '1', WEBHOOKS_ALLOW_PRIVATE: '1', SWEEP_INTERVAL_MS: '200', PRESENCE_GRACE_MS: '600000' };
let a: RunningServer;
let b: RunningServer;
const got: { id: string; type: string }[] = [];
let receiver: http.Server;
afterEach(printLogsOnFailure(() => a));
const s = scenario(() => a);

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ id: String(req.headers['webhook-id']), type: JSON.parse(body).type });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  a = await startServer({ env: ENV });
  b = await startServer({ env: ENV, dbUrl: a.dbUrl, dir: a.dir });
  await createWebhook({ db: a.db, input: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/h`, events: ['*'] }, policy: { allowHttp: true, allowPrivate: true }, adminId: null });
});
afterAll(async () => {
  s.closeAll();
  await b?.stop({ keepDb: true });
  await a?.stop();
  await new Promise((r) => receiver?.close(r));
});

describe('two instances', () => {
  it('deliver each event once', async () => {
    await s.agent('twice', 99);
    await s.online('twice');
    // Customers on both instances make events at once.
    const customers = await Promise.all([0, 1, 2, 3].map((i) => s.customerOf(`Pat ${i}`, 'twice')));
    await Promise.all(
      customers.map(async (c, i) => {
        // Every other customer's calls go to instance B (the same session: instances share the database).
        const client = i % 2 ? createClient(b.url) : c.client;
        const cookie = { cookie: c.client.cookieHeader() };
        expect((await client.post('/api/service-requests', { message: `from ${i}` }, { ...cookie, 'Idempotency-Key': `two-instances-${i}` })).status).toBe(201);
        expect((await client.post('/api/me/agent/gifts', { giftId: 'flower' }, cookie)).status).toBe(201);
      }),
    );
    const events = async () => a.db.outboxEvent.count();
    await eventually(async () => (await events()) > 0 && got.length >= (await events()), 15_000);
    await new Promise((r) => setTimeout(r, 1000));
    const ids = got.map((g) => g.id);
    expect(ids.length).toBe(new Set(ids).size);
    expect(ids.length).toBe(await events());
    expect(await a.db.webhookDelivery.count({ where: { status: { not: 'delivered' } } })).toBe(0);
  });
});
