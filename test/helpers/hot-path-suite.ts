import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAgent, makeCustomer } from './db.ts';
import { recording } from './statements.ts';
import { createDb, type Db } from '../../lib/db/client.ts';
import { applyMigrations } from '../../lib/db/migrate.ts';
import { columnsOf, fromRow, observeRawStatements, rawOf } from '../../lib/db/raw.ts';
import { acknowledgeRequest, markDelivered } from '../../lib/requests/acknowledge-request.ts';
import { createServiceRequest } from '../../lib/requests/create-request.ts';
import type { Notifier } from '../../lib/events/types.ts';
import { silentNotifier } from '../../lib/events/dispatcher.ts';
import { resolveRequest } from '../../lib/requests/work-request.ts';
import { createSession, hashToken, readSession, revokeSession } from '../../lib/credentials/sessions.ts';
import { createSessionCache } from '../../lib/credentials/session-cache.ts';

/**
 * The statements of one request's life (create → delivered → acknowledged → resolved), counted on either
 * database: what goes through Prisma and what goes to the driver (lib/db/raw.ts). Every statement through
 * Prisma costs ~0.3–0.8 ms of CPU in the server (docs/benchmarks.md, "What limits the hot path"): a
 * request's life is budgeted in statements, and this suite keeps the budget. It also checks that the
 * driver's rows have the shapes Prisma gives (dates, booleans, nulls), so the schema cannot drift from
 * the hand-written SQL unnoticed.
 */
export const hotPathSuite = (opts: { database: () => Promise<{ url: string; drop: () => Promise<void> }>; transactionStatements: number }) => {
  describe('the statements of one request\'s life (create → delivered → acknowledged → resolved)', () => {
    let db: Db;
    let drop = async () => {};
    const log: string[] = [];
    const updates: string[] = [];
    const notify: Notifier = { ...silentNotifier, updateRequest: (_t, u) => updates.push(u.status) };
    let stop = () => {};

    beforeEach(async () => {
      const d = await opts.database();
      drop = d.drop;
      await applyMigrations({ url: d.url });
      db = createDb(d.url, { wrapAdapter: (f) => recording(f, log) });
      stop = observeRawStatements((sql) => log.push(sql));
    });
    afterEach(async () => {
      stop();
      await db.$disconnect();
      await drop();
    });

    const measure = async (fn: () => Promise<unknown>) => {
      log.length = 0;
      await fn();
      return { count: log.filter((s) => s !== 'BEGIN' && s !== 'COMMIT').length, transactions: log.filter((s) => s === 'BEGIN').length };
    };

    it(`stays within its budget: 2 + 1 + 1 + 1 statements (${opts.transactionStatements ? 'create in one transaction holding the agent\'s row' : 'no transaction'})`, async () => {
      const agent = await makeAgent(db, { capability: 80 });
      const customer = await makeCustomer(db, { phone: '+8613800000000' });
      await db.binding.create({ data: { customerId: customer.id, agentId: agent.id, contactPhone: '+8613800000000' } });
      for (let i = 0; i < 2; i++) {
        let id = '';
        const create = await measure(async () => {
          const r = await createServiceRequest({ db, notify, customerId: customer.id, idempotencyKey: `budget-${i}-key`, input: { message: 'hello' } });
          id = r.request.id;
          expect(r.request.status).toBe('pending');
          expect(r.routing.decision).toBe('offered');
        });
        // the route (binding, agent, customer, both counts) and one conditional INSERT … SELECT … RETURNING
        expect(create).toEqual({ count: 2, transactions: opts.transactionStatements });
        expect(await measure(() => markDelivered({ db, notify, agentId: agent.id, id, customerId: customer.id }))).toEqual({ count: 1, transactions: 0 });
        expect(await measure(() => acknowledgeRequest({ db, notify, agentId: agent.id, input: { id } }))).toEqual({ count: 1, transactions: 0 });
        // the update, which also says whether a request waits held for them (none here: nothing more)
        expect(await measure(() => resolveRequest({ db, notify, agentId: agent.id, input: { id } }))).toEqual({ count: 1, transactions: 0 });
        const stored = await db.serviceRequest.findUniqueOrThrow({ where: { id } });
        expect(stored.status).toBe('resolved');
        expect(stored.deliveredAt).not.toBeNull();
        expect(stored.acknowledgedAt).not.toBeNull();
        expect(stored.resolvedAt).not.toBeNull();
      }
      expect(updates).toEqual(['delivered', 'acknowledged', 'resolved', 'delivered', 'acknowledged', 'resolved']);
    });

    it('reads a caller\'s session once, then from memory: no statement per call (the look for revocations is one, twice a second)', async () => {
      // Every call and socket event of a request's life is made by a signed-in agent or customer: before
      // issue 27 each one read its session row (and an agent's row) on top of the budget above.
      const cache = createSessionCache();
      const agent = await makeAgent(db, { capability: 80 });
      const customer = await makeCustomer(db);
      const agentToken = (await createSession({ db, kind: 'agent', subjectId: agent.id })).token;
      const customerToken = (await createSession({ db, kind: 'customer', subjectId: customer.id })).token;
      const read = (kind: 'agent' | 'customer', token: string) => readSession({ db, kind, token, cache });
      expect(await measure(() => cache.poll(db))).toEqual({ count: 1, transactions: 0 });
      expect(await measure(() => read('agent', agentToken))).toEqual({ count: 2, transactions: 0 });
      expect(await measure(() => read('customer', customerToken))).toEqual({ count: 1, transactions: 0 });
      for (let i = 0; i < 3; i++) {
        expect(await measure(() => read('agent', agentToken))).toEqual({ count: 0, transactions: 0 });
        expect(await measure(() => read('customer', customerToken))).toEqual({ count: 0, transactions: 0 });
      }
      // Revoked elsewhere (this cache is not told): kept until its next look, which finds it in one statement.
      await cache.poll(db);
      await revokeSession({ db, id: hashToken(customerToken) });
      expect(await measure(() => read('customer', customerToken))).toEqual({ count: 0, transactions: 0 });
      expect(await measure(() => cache.poll(db))).toEqual({ count: 1, transactions: 0 });
      expect(await read('customer', customerToken)).toBeNull();
    });

    it('reads rows on the driver exactly as Prisma reads them (every scalar of the models it touches)', async () => {
      const agent = await makeAgent(db, { capability: 80 });
      await db.agent.update({ where: { id: agent.id }, data: { autoAway: true, disconnectedAt: new Date('2026-12-01T02:03:04.005Z'), employeeId: null } });
      const customer = await makeCustomer(db, { phone: '+8613800000000', email: 'a@example.com' });
      await db.customer.update({ where: { id: customer.id }, data: { emailOff: true, erasedAt: null, locale: 'en' } });
      const binding = await db.binding.create({ data: { customerId: customer.id, agentId: agent.id } });
      const request = await db.serviceRequest.create({
        data: { customerId: customer.id, agentId: agent.id, boundAgentId: agent.id, bindingId: binding.id, message: 'x', idempotencyKey: 'shape-1', waitForBound: true, offeredAt: new Date('2026-12-02T00:00:00.001Z'), hops: 2 },
      });
      const raw = await rawOf(db);
      for (const [model, id, prisma] of [
        ['Agent', agent.id, await db.agent.findUniqueOrThrow({ where: { id: agent.id } })],
        ['Customer', customer.id, await db.customer.findUniqueOrThrow({ where: { id: customer.id } })],
        ['ServiceRequest', request.id, await db.serviceRequest.findUniqueOrThrow({ where: { id: request.id } })],
      ] as const) {
        const [row] = await raw.query(`SELECT ${columnsOf(db, model, 't')} FROM "${model}" t WHERE t."id" = $1`, [id]);
        expect(fromRow(db, model, row!, 't')).toEqual(prisma);
      }
    });

    it('writes rows Prisma reads back as the driver returned them (dates to the millisecond, booleans, nulls)', async () => {
      const agent = await makeAgent(db, { capability: 80 });
      const customer = await makeCustomer(db);
      await db.binding.create({ data: { customerId: customer.id, agentId: agent.id } });
      const now = new Date('2026-12-07T01:02:03.456Z');
      const { request } = await createServiceRequest({ db, notify, customerId: customer.id, idempotencyKey: 'written-1', input: { message: 'hello' }, now });
      const stored = await db.serviceRequest.findUniqueOrThrow({ where: { id: request.id } });
      expect(stored).toMatchObject({ createdAt: now, updatedAt: now, offeredAt: now, waitForBound: false, holdReason: null, hops: 0, excludedAgentIds: '[]', status: 'pending', boundAgentId: agent.id });
      expect(request.createdAt).toBe(now.toISOString());
      // Prisma's own queries compare against what the driver wrote.
      expect(await db.serviceRequest.count({ where: { offeredAt: { gte: now, lte: now } } })).toBe(1);
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
};
