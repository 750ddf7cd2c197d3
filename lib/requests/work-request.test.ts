import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { interleaved as interleavedAt, makeAgent, makeCustomer, useTestDb } from '../../test/helpers/db.ts';
import type { Db } from '../db/client.ts';
import { silentNotifier } from '../events/dispatcher.ts';
import { resolveRequest } from './work-request.ts';

const getDb = useTestDb({ beforeEach, afterEach });

/** The db, with `between` run once right after the first read of a request: another writer's moment. */
const interleaved = (db: Db, between: () => Promise<unknown>): Db => interleavedAt(db, 'serviceRequest', 'findUnique', between);

describe('resolveRequest (issue 26: read-then-write paths)', () => {
  it('a request moved to another agent between the read and the write is not resolved by the first (404), and stays with the other', async () => {
    const db = getDb();
    const [first, second] = [await makeAgent(db, { capability: 60 }), await makeAgent(db, { capability: 50 })];
    const customer = await makeCustomer(db);
    const r = await db.serviceRequest.create({ data: { customerId: customer.id, agentId: first.id, boundAgentId: first.id, message: 'help', status: 'pending', idempotencyKey: 'moved-1' } });
    // A cover (or the accept timeout) hands it to the other agent at that moment.
    const moving = interleaved(db, () => db.serviceRequest.update({ where: { id: r.id }, data: { agentId: second.id } }));
    await expect(resolveRequest({ db: moving, notify: silentNotifier, agentId: first.id, input: { id: r.id } })).rejects.toMatchObject({ code: 'not_found' });
    expect(await db.serviceRequest.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ agentId: second.id, status: 'pending', resolvedAt: null });
  });

  it('a request acknowledged in another tab between the read and the write is still resolved, once', async () => {
    const db = getDb();
    const agent = await makeAgent(db, { capability: 60 });
    const customer = await makeCustomer(db);
    const r = await db.serviceRequest.create({ data: { customerId: customer.id, agentId: agent.id, boundAgentId: agent.id, message: 'help', status: 'delivered', deliveredAt: new Date(), idempotencyKey: 'taken-1' } });
    const acked = new Date('2026-12-01T00:00:00Z');
    const taking = interleaved(db, () => db.serviceRequest.update({ where: { id: r.id }, data: { status: 'acknowledged', acknowledgedAt: acked } }));
    const view = await resolveRequest({ db: taking, notify: silentNotifier, agentId: agent.id, input: { id: r.id } });
    expect(view.status).toBe('resolved');
    // The acknowledgement made in the other tab stands (the stale read's "not yet acknowledged" did not write over it).
    expect((await db.serviceRequest.findUniqueOrThrow({ where: { id: r.id } })).acknowledgedAt).toEqual(acked);
  });
});
