import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAgent, makeCustomer, useTestDb } from '../../test/helpers/db.ts';
import type { Db } from '../db/client.ts';
import { silentNotifier } from '../events/dispatcher.ts';
import { bindAgent } from '../binding/bind-agent.ts';
import { createServiceRequest } from '../requests/create-request.ts';
import { createWebhook, resendDelivery, updateWebhook } from './endpoints.ts';
import { httpSender } from './send.ts';
import { verifySignature } from './sign.ts';
import { createWebhookWorker, GIVE_UP_AFTER_MS, nextRetryDelay } from './worker.ts';
import { checkUrlForm, isPrivateAddress, resolvePublic } from './ssrf.ts';

const testDb = useTestDb({ beforeEach, afterEach });
let db: Db;
const LOCAL = { allowHttp: true, allowPrivate: true };

/** A real receiver: answers each call with the next status of `script` (then 200), records what came. */
const receiver = async (script: number[] = []) => {
  const got: { id: string; signature: string; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ id: String(req.headers['webhook-id']), signature: String(req.headers['webhook-signature']), body });
      res.writeHead(script.shift() ?? 200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return { url, got, close: () => new Promise((r) => server.close(r)) };
};

let clock = new Date('2026-12-07T10:00:00Z');
const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));
const worker = () => createWebhookWorker({ db, send: httpSender(LOCAL), now: () => clock, random: () => 0.5, timeoutMs: 2000 });

let n = 0;
const aRequest = async (message = 'Where is my parcel?') => {
  const agent = await makeAgent(db, { capability: 90 });
  const customer = await makeCustomer(db, { name: `C${++n}`, email: `c${n}@example.com`, phone: '13800138000' });
  await db.$transaction((tx) => bindAgent({ tx, customerId: customer.id, agentId: agent.id }));
  const { request } = await createServiceRequest({ db, notify: silentNotifier, customerId: customer.id, idempotencyKey: `webhook-key-${n}`, input: { message } });
  return { agent, customer, request };
};

const drain = async (w: ReturnType<typeof worker>) => {
  await w.tick();
  await w.idle();
};

beforeEach(() => {
  db = testDb();
  clock = new Date('2026-12-07T10:00:00Z');
});

describe('the outbox', () => {
  it('is written by the change itself (a trigger), only while an endpoint wants the event', async () => {
    await aRequest('before any endpoint');
    expect(await db.outboxEvent.count()).toBe(0);
    await createWebhook({ db, input: { url: 'http://127.0.0.1:9/x', events: ['request.created', 'request.resolved'] }, policy: LOCAL, adminId: null });
    const { request } = await aRequest('after');
    const rows = await db.outboxEvent.findMany({ orderBy: { seq: 'asc' } });
    expect(rows.map((r) => [r.type, r.orderKey])).toEqual([['request.created', request.id]]);
    expect(JSON.parse(rows[0]!.data)).toMatchObject({ id: request.id, status: 'pending' });
  });
});

describe('deliveries', () => {
  it('signed so the receiver can verify; a receiver failing twice gets the event once more each time, with the same Webhook-Id', async () => {
    const r = await receiver([500, 503]);
    const hook = await createWebhook({ db, input: { url: r.url, events: ['request.created'] }, policy: LOCAL, adminId: null });
    const { request } = await aRequest();
    const w = worker();
    await drain(w);
    advance(nextRetryDelay(1, () => 0.5) + 1);
    await drain(w);
    advance(nextRetryDelay(2, () => 0.5) + 1);
    await drain(w);
    await drain(w);
    expect(r.got).toHaveLength(3);
    expect(new Set(r.got.map((g) => g.id)).size).toBe(1);
    const last = r.got[2]!;
    expect(verifySignature({ secret: hook.secret, body: last.body, header: last.signature, now: Math.floor(clock.getTime() / 1000) })).toBe(true);
    expect(verifySignature({ secret: 'whsec_wrong', body: last.body, header: last.signature, now: Math.floor(clock.getTime() / 1000) })).toBe(false);
    expect(JSON.parse(last.body)).toMatchObject({ id: last.id, type: 'request.created', data: { request: { id: request.id, status: 'pending' } } });
    expect(await db.webhookDelivery.findFirstOrThrow()).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200 });
    await r.close();
  });

  it('a fan-out cut short (deliveries written, events not yet marked) or run twice adds no delivery twice', async () => {
    const r = await receiver();
    await createWebhook({ db, input: { url: r.url, events: ['request.created', 'request.routed'] }, policy: LOCAL, adminId: null });
    await aRequest();
    await aRequest();
    const w = worker();
    expect(await w.dispatch()).toBe(4);
    expect(await db.webhookDelivery.count()).toBe(4);
    // As if the process died between the two statements: the events look new again.
    await db.outboxEvent.updateMany({ data: { dispatchedAt: null } });
    expect(await w.dispatch()).toBe(4);
    // And a second worker (a leader change) fanning out the same events at the same time.
    await db.outboxEvent.updateMany({ data: { dispatchedAt: null } });
    await Promise.all([w.dispatch(), worker().dispatch()]);
    expect(await db.webhookDelivery.count()).toBe(4);
    expect(await db.outboxEvent.count({ where: { dispatchedAt: null } })).toBe(0);
    await drain(w);
    expect(r.got).toHaveLength(4);
    expect(new Set(r.got.map((g) => g.id)).size).toBe(4);
    await r.close();
  });

  it('a paused endpoint’s backlog does not hold another endpoint’s deliveries back', async () => {
    const paused = await receiver();
    const live = await receiver();
    const a = await createWebhook({ db, input: { url: paused.url, events: ['request.created'] }, policy: LOCAL, adminId: null });
    for (let i = 0; i < 5; i++) await aRequest(`early ${i}`);
    // One POST and one delivery a batch, so the scan reads only a few pending rows: all of them the paused endpoint's.
    const w = createWebhookWorker({ db, send: httpSender(LOCAL), now: () => clock, concurrency: 1, batchSize: 1 });
    expect(await w.dispatch()).toBe(5);
    await updateWebhook({ db, id: a.id, input: { active: false } });
    await createWebhook({ db, input: { url: live.url, events: ['request.created'] }, policy: LOCAL, adminId: null });
    const { request } = await aRequest('late');
    await drain(w);
    expect(live.got.map((g) => JSON.parse(g.body).data.request.id)).toEqual([request.id]);
    expect(paused.got).toHaveLength(0);
    expect(await db.webhookDelivery.count({ where: { webhookId: a.id, status: 'pending' } })).toBe(5);
    await paused.close();
    await live.close();
  });

  it('the first retry comes within 30 s; then doubling, with jitter, to at most an hour', () => {
    expect(nextRetryDelay(1, () => 1)).toBeLessThanOrEqual(30_000);
    expect(nextRetryDelay(1, () => 0)).toBeGreaterThan(0);
    expect(nextRetryDelay(3, () => 0.5)).toBe(40_000);
    expect(nextRetryDelay(30, () => 1)).toBeLessThanOrEqual(75 * 60_000);
  });

  it('keeps each request’s events in order: a later one waits while an earlier one is retried', async () => {
    const r = await receiver([500]);
    await createWebhook({ db, input: { url: r.url, events: ['request.created', 'request.routed', 'request.acknowledged'] }, policy: LOCAL, adminId: null });
    const { request, agent } = await aRequest();
    await db.serviceRequest.update({ where: { id: request.id }, data: { status: 'acknowledged', acknowledgedAt: clock } });
    const w = worker();
    await drain(w);
    await drain(w);
    // created failed once; routed and acknowledged wait behind it
    expect(r.got.map((g) => JSON.parse(g.body).type)).toEqual(['request.created']);
    advance(60_000);
    for (let i = 0; i < 4; i++) await drain(w);
    expect(r.got.map((g) => JSON.parse(g.body).type)).toEqual(['request.created', 'request.created', 'request.routed', 'request.acknowledged']);
    void agent;
    await r.close();
  });

  it('marked failed after the last retry, 24 h on (clock injected); "send again" is possible', async () => {
    const r = await receiver(Array(100).fill(500));
    await createWebhook({ db, input: { url: r.url, events: ['request.created'] }, policy: LOCAL, adminId: null });
    await aRequest();
    const w = worker();
    const start = clock.getTime();
    while (clock.getTime() - start < GIVE_UP_AFTER_MS + 2 * 3600_000) {
      await drain(w);
      const d = await db.webhookDelivery.findFirstOrThrow();
      if (d.status === 'failed') break;
      clock = new Date(Math.max(clock.getTime(), d.nextAttemptAt.getTime()) + 1);
    }
    const d = await db.webhookDelivery.findFirstOrThrow();
    expect(d.status).toBe('failed');
    expect(d.attempts).toBeGreaterThan(10);
    expect(clock.getTime() - start).toBeGreaterThanOrEqual(GIVE_UP_AFTER_MS - 3600_000);
    // "Send again" from the delivery log: the same event, the same Webhook-Id, now to a receiver that answers.
    r.got.length = 0;
    const hook = await db.webhook.findFirstOrThrow();
    expect(await resendDelivery({ db, webhookId: hook.id, deliveryId: d.id, now: clock })).toMatchObject({ status: 'pending' });
    await db.webhook.update({ where: { id: hook.id }, data: { url: (await receiver()).url } });
    await drain(w);
    expect(await db.webhookDelivery.findFirstOrThrow()).toMatchObject({ status: 'delivered', eventId: d.eventId });
    await r.close();
  });

  it('contact details only for an endpoint allowed them', async () => {
    const r = await receiver();
    const open = await createWebhook({ db, input: { url: `${r.url}?contact=1`, events: ['request.created'], includeContact: true }, policy: LOCAL, adminId: null });
    await createWebhook({ db, input: { url: `${r.url}?contact=0`, events: ['request.created'] }, policy: LOCAL, adminId: null });
    await aRequest();
    await drain(worker());
    const bodies = r.got.map((g) => JSON.parse(g.body));
    expect(bodies).toHaveLength(2);
    const withContact = bodies.filter((b) => b.data.customer.contact);
    expect(withContact).toHaveLength(1);
    expect(withContact[0].data.customer.contact).toMatchObject({ phone: '13800138000' });
    expect(JSON.stringify(bodies)).not.toMatch(/passwordHash|token/i);
    void open;
    await r.close();
  });
});

describe('server-side request forgery', () => {
  const strict = { allowHttp: false, allowPrivate: false };
  it('refuses plain http, loopback, private ranges and a name that resolves to them; allows a public address', async () => {
    expect(() => checkUrlForm('http://example.com/x', strict)).toThrow(/https/);
    expect(() => checkUrlForm('https://user:pw@example.com/x', strict)).toThrow(/password/);
    for (const ip of ['127.0.0.1', '10.1.2.3', '192.168.0.5', '172.16.9.9', '169.254.169.254', '::1', '::ffff:10.0.0.1', 'fd00::1', '100.64.0.1']) {
      expect(isPrivateAddress(ip), ip).toBe(true);
    }
    expect(isPrivateAddress('93.184.216.34')).toBe(false);
    await expect(resolvePublic(new URL('https://127.0.0.1/x'), strict)).rejects.toMatchObject({ field: 'url' });
    await expect(resolvePublic(new URL('https://[::1]/x'), strict)).rejects.toMatchObject({ field: 'url' });
    const pointsInside = async () => [{ address: '10.0.0.7', family: 4 }];
    await expect(resolvePublic(new URL('https://crm.example.com/x'), strict, pointsInside)).rejects.toThrow(/private network/);
    const outside = async () => [{ address: '93.184.216.34', family: 4 }];
    await expect(resolvePublic(new URL('https://crm.example.com/x'), strict, outside)).resolves.toHaveLength(1);
    await expect(createWebhook({ db, input: { url: 'https://localhost/x', events: ['*'] }, policy: strict, adminId: null })).rejects.toMatchObject({ field: 'url' });
    await expect(createWebhook({ db, input: { url: 'https://example.com/x', events: ['nope'] }, policy: strict, adminId: null })).rejects.toMatchObject({ name: 'ZodError' });
    expect(await db.webhook.count()).toBe(0);
  });

  it('a delivery to an address that became private is refused at sending, not sent', async () => {
    const r = await receiver();
    await createWebhook({ db, input: { url: r.url, events: ['request.created'] }, policy: LOCAL, adminId: null });
    await aRequest();
    const w = createWebhookWorker({ db, send: httpSender({ allowHttp: true, allowPrivate: false }), now: () => clock });
    await drain(w);
    expect(r.got).toHaveLength(0);
    expect(await db.webhookDelivery.findFirstOrThrow()).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('private network') });
    await r.close();
  });
});

describe('retention', () => {
  it('fanned-out events go after a day, the delivery log after 30 days; what is pending stays', async () => {
    const r = await receiver([500]);
    await createWebhook({ db, input: { url: r.url, events: ['request.created'] }, policy: LOCAL, adminId: null });
    await aRequest('first');
    const w = worker();
    await drain(w);
    expect(await db.outboxEvent.count()).toBe(1);
    advance(25 * 3600_000);
    await drain(w);
    // The event row went; its delivery (retried, then delivered) stays in the log.
    expect(await db.outboxEvent.count()).toBe(0);
    expect(await db.webhookDelivery.findFirstOrThrow()).toMatchObject({ status: 'delivered' });
    advance(31 * 24 * 3600_000);
    await drain(w);
    expect(await db.webhookDelivery.count()).toBe(0);
    await r.close();
  });
});
