import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery } from '@prisma/driver-adapter-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAgent, makeCustomer } from '../../test/helpers/db.ts';
import type { Db } from '../db/client.ts';
import { PrismaClient } from '../db/generated/sqlite/client.ts';
import { applyMigrations } from '../db/migrate.ts';
import { sqliteAdapter } from '../db/sqlite-adapter.ts';
import { acknowledgeRequest, markDelivered } from './acknowledge-request.ts';
import { createServiceRequest } from './create-request.ts';
import type { Notifier } from '../events/types.ts';
import { silentNotifier } from '../events/dispatcher.ts';
import { resolveRequest } from './work-request.ts';

// Every statement of the hot path costs ~0.3 ms of Prisma's CPU on one core (docs/benchmarks.md, "What
// limits the hot path"): a request's life is budgeted in statements, and this test keeps the budget.

/** The app's SQLite adapter, recording each statement's SQL (transactions shown as BEGIN). */
const recording = (factory: SqlDriverAdapterFactory, log: string[]): SqlDriverAdapterFactory => {
  const record = <T extends object>(target: T): T =>
    new Proxy(target, {
      get: (t, prop) => {
        const value = Reflect.get(t, prop, t) as unknown;
        if (typeof value !== 'function') return value;
        if (prop === 'queryRaw' || prop === 'executeRaw') return (q: SqlQuery) => (log.push(q.sql), value.call(t, q));
        if (prop === 'startTransaction') return async (...args: unknown[]) => (log.push('BEGIN'), record(await value.apply(t, args)));
        return value.bind(t);
      },
    });
  return { provider: factory.provider, adapterName: factory.adapterName, connect: async () => record<SqlDriverAdapter>(await factory.connect()) };
};

describe('the statements of one request\'s life (create → delivered → acknowledged → resolved)', () => {
  let dir: string;
  let db: Db;
  const log: string[] = [];
  const updates: string[] = [];
  const notify: Notifier = { ...silentNotifier, updateRequest: (_t, u) => updates.push(u.status) };

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ea-hot-'));
    const url = `file:${path.join(dir, 'app.db')}`;
    await applyMigrations({ url });
    db = new PrismaClient({ adapter: recording(sqliteAdapter(url), log) }) as unknown as Db;
  });
  afterEach(async () => {
    await db.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const measure = async (fn: () => Promise<unknown>) => {
    log.length = 0;
    await fn();
    return { count: log.length, transactions: log.filter((s) => s === 'BEGIN').length };
  };

  it('stays within its budget: 6 + 1 + 1 + 2 statements, create in one transaction', async () => {
    const agent = await makeAgent(db, { capability: 80 });
    const customer = await makeCustomer(db, { phone: '+8613800000000' });
    await db.binding.create({ data: { customerId: customer.id, agentId: agent.id, contactPhone: '+8613800000000' } });
    for (let i = 0; i < 2; i++) {
      let id = '';
      const create = await measure(async () => {
        const r = await createServiceRequest({ db, notify, customerId: customer.id, idempotencyKey: `budget-${i}-key`, input: { message: 'hello' } });
        id = r.request.id;
        expect(r.request.status).toBe('pending');
      });
      // binding, its agent, the customer; then, holding the agent's lock (issue 26): BEGIN, the customer's
      // open requests (this count was the route handler's before), the agent's requests in hand, the
      // insert, COMMIT
      expect(create).toEqual({ count: 8, transactions: 1 });
      expect(await measure(() => markDelivered({ db, notify, agentId: agent.id, id, customerId: customer.id }))).toEqual({ count: 1, transactions: 0 });
      expect(await measure(() => acknowledgeRequest({ db, notify, agentId: agent.id, input: { id } }))).toEqual({ count: 1, transactions: 0 });
      // the update, and whether a request held while they were busy can be offered now
      expect(await measure(() => resolveRequest({ db, notify, agentId: agent.id, input: { id } }))).toEqual({ count: 2, transactions: 0 });
      const stored = await db.serviceRequest.findUniqueOrThrow({ where: { id } });
      expect(stored.status).toBe('resolved');
      expect(stored.deliveredAt).not.toBeNull();
      expect(stored.acknowledgedAt).not.toBeNull();
      expect(stored.resolvedAt).not.toBeNull();
    }
    expect(updates).toEqual(['delivered', 'acknowledged', 'resolved', 'delivered', 'acknowledged', 'resolved']);
  });

  it('pays more only off the usual path: acknowledged before it was shown, resolved straight from new, repeated', async () => {
    const agent = await makeAgent(db, { capability: 80 });
    const other = await makeAgent(db, { capability: 70 });
    const customer = await makeCustomer(db);
    await db.binding.create({ data: { customerId: customer.id, agentId: agent.id } });
    const first = (await createServiceRequest({ db, notify, customerId: customer.id, idempotencyKey: 'off-path-1', input: { message: 'a' } })).request;
    // Taken before the screen confirmed it: delivered at the latest then.
    const taken = await acknowledgeRequest({ db, notify, agentId: agent.id, input: { id: first.id } });
    expect(taken.status).toBe('acknowledged');
    expect(taken.deliveredAt).toBe(taken.acknowledgedAt);
    // Again: idempotent, nothing written.
    const again = await measure(() => acknowledgeRequest({ db, notify, agentId: agent.id, input: { id: first.id } }));
    expect(again.count).toBe(2);
    // Not theirs: 404, nothing written.
    await expect(acknowledgeRequest({ db, notify, agentId: other.id, input: { id: first.id } })).rejects.toMatchObject({ code: 'not_found' });
    await expect(resolveRequest({ db, notify, agentId: other.id, input: { id: first.id } })).rejects.toMatchObject({ code: 'not_found' });
    expect((await db.serviceRequest.findUniqueOrThrow({ where: { id: first.id } })).status).toBe('acknowledged');

    const second = (await createServiceRequest({ db, notify, customerId: customer.id, idempotencyKey: 'off-path-2', input: { message: 'b' } })).request;
    const resolved = await resolveRequest({ db, notify, agentId: agent.id, input: { id: second.id } });
    expect(resolved.status).toBe('resolved');
    expect(resolved.deliveredAt).toBe(resolved.resolvedAt);
    expect(resolved.acknowledgedAt).toBe(resolved.resolvedAt);
    const repeated = await resolveRequest({ db, notify, agentId: agent.id, input: { id: second.id } });
    expect(repeated).toEqual(resolved);
  });

  it('is acknowledged when the agent takes it while the screen\'s delivery confirmation is being written', async () => {
    // The console confirms the alert and takes it at once; the server handles both at the same moment.
    const agent = await makeAgent(db, { capability: 80 });
    const customer = await makeCustomer(db);
    await db.binding.create({ data: { customerId: customer.id, agentId: agent.id } });
    for (let i = 0; i < 10; i++) {
      const { id } = (await createServiceRequest({ db, notify, customerId: customer.id, idempotencyKey: `race-${i}-key`, input: { message: `m${i}` } })).request;
      const ack = () => acknowledgeRequest({ db, notify, agentId: agent.id, input: { id } });
      const delivered = () => markDelivered({ db, notify, agentId: agent.id, id, customerId: customer.id });
      const [first] = i % 2 ? await Promise.all([ack(), delivered()]) : (await Promise.all([delivered(), ack()])).reverse();
      expect((first as Awaited<ReturnType<typeof ack>>).status, `request ${i}`).toBe('acknowledged');
      const stored = await db.serviceRequest.findUniqueOrThrow({ where: { id } });
      expect(stored.status, `request ${i}`).toBe('acknowledged');
      expect(stored.deliveredAt, `request ${i}`).not.toBeNull();
    }
  });
});
