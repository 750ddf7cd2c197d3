import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../db/client.ts';
import { applyMigrations } from '../db/migrate.ts';
import { bindAgent } from '../binding/bind-agent.ts';
import { silentNotifier } from '../events/dispatcher.ts';
import { createServiceRequest } from '../requests/create-request.ts';
import { makeAgent, makeCustomer } from '../../test/helpers/db.ts';
import { createPgDatabase } from '../../test/helpers/pg.ts';
import { createWebhook } from './endpoints.ts';
import { httpSender } from './send.ts';
import { createWebhookWorker } from './worker.ts';

const LOCAL = { allowHttp: true, allowPrivate: true };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

// A leader change lets two workers fan out and send the same backlog at once; PostgreSQL runs them truly
// side by side (SQLite's one connection would take them in turn and hide the race).
describe('webhook worker on PostgreSQL, several at once', () => {
  it('four workers racing over one backlog: every event fanned out once, every delivery POSTed once', async () => {
    const pgDb = await createPgDatabase();
    cleanups.push(pgDb.drop);
    await applyMigrations({ url: pgDb.url });
    const dbs: Db[] = Array.from({ length: 4 }, () => createDb(pgDb.url));
    cleanups.push(() => Promise.all(dbs.map((d) => d.$disconnect())).then(() => undefined));
    const db = dbs[0]!;

    const got: string[] = [];
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        got.push(String(req.headers['webhook-id']));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => server.close(() => r())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    await createWebhook({ db, input: { url, events: ['*'] }, policy: LOCAL, adminId: null });
    await createWebhook({ db, input: { url: `${url}?second`, events: ['request.created'] }, policy: LOCAL, adminId: null });

    const agent = await makeAgent(db, { capability: 90 });
    await db.agent.update({ where: { id: agent.id }, data: { capacity: 100 } });
    for (let i = 0; i < 40; i++) {
      const customer = await makeCustomer(db, { name: `R${i}`, email: `r${i}@example.com` });
      await db.$transaction((tx) => bindAgent({ tx, customerId: customer.id, agentId: agent.id }));
      await createServiceRequest({ db, notify: silentNotifier, customerId: customer.id, idempotencyKey: `race-key-${i}`, input: { message: `m${i}` } });
    }
    const events = await db.outboxEvent.count();
    const created = await db.outboxEvent.count({ where: { type: 'request.created' } });
    expect(created).toBe(40);

    const workers = dbs.map((d) => createWebhookWorker({ db: d, send: httpSender(LOCAL), batchSize: 8, concurrency: 4 }));
    // Fan-out raced, then run again as if every mark were lost: nothing is added twice.
    await Promise.all(workers.map((w) => w.dispatch()));
    await db.outboxEvent.updateMany({ data: { dispatchedAt: null } });
    await Promise.all(workers.map((w) => w.dispatch()));
    expect(await db.webhookDelivery.count()).toBe(events + created);
    expect(await db.outboxEvent.count({ where: { dispatchedAt: null } })).toBe(0);

    // Sends raced: each delivery claimed by one worker only.
    await Promise.all(workers.map((w) => w.tick()));
    await Promise.all(workers.map((w) => w.idle()));
    expect(await db.webhookDelivery.count({ where: { status: 'delivered' } })).toBe(events + created);
    expect(got).toHaveLength(events + created);
    // Each event once per endpoint: ids repeat only for request.created (two endpoints want it).
    const perId = new Map<string, number>();
    for (const id of got) perId.set(id, (perId.get(id) ?? 0) + 1);
    expect([...perId.values()].filter((n) => n === 2)).toHaveLength(created);
    expect([...perId.values()].every((n) => n <= 2)).toBe(true);
  });
});
