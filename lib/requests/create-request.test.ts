import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, makeAgent, makeCustomer } from '../../test/helpers/db.ts';
import type { Db } from '../db/client.ts';
import { silentNotifier } from '../events/dispatcher.ts';
import type { Notifier } from '../events/types.ts';
import { bindAgent } from '../binding/bind-agent.ts';
import { createServiceRequest } from './create-request.ts';
import { acknowledgeRequest, markDelivered } from './acknowledge-request.ts';
import { listUndelivered } from './list-requests.ts';

let t: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let alerts: { agentId: string; id: string }[];
let updates: { customerId: string; id: string; status: string }[];
const notify: Notifier = {
  ...silentNotifier,
  alertAgent: (agentId, alert) => alerts.push({ agentId, id: alert.id }),
  updateRequest: ({ customerId }, u) => updates.push({ customerId, ...u }),
};

beforeEach(async () => {
  t = await createTestDb();
  db = t.db;
  alerts = [];
  updates = [];
});
afterEach(() => t.cleanup());

const bind = (customerId: string, agentId: string) => db.$transaction((tx) => bindAgent({ tx, customerId, agentId }));
const send = (customerId: string, message: string, key = `key-${Math.random().toString(36).slice(2)}`) =>
  createServiceRequest({ db, notify, customerId, idempotencyKey: key, input: { message } });

describe('request routing (S4/S5)', () => {
  it('stores the request, routes it to the bound agent and alerts that agent only', async () => {
    const bound = await makeAgent(db, { capability: 50 });
    await makeAgent(db, { capability: 99 });
    const c = await makeCustomer(db);
    await bind(c.id, bound.id);
    const { request, created } = await send(c.id, 'My parcel is late');
    expect(created).toBe(true);
    expect(request).toMatchObject({ agentId: bound.id, status: 'pending', message: 'My parcel is late' });
    expect(await db.serviceRequest.count()).toBe(1);
    expect(alerts).toEqual([{ agentId: bound.id, id: request.id }]);
  });

  it('after a rebind, new requests go to the new agent', async () => {
    const first = await makeAgent(db, { capability: 90 });
    const second = await makeAgent(db, { capability: 80 });
    const c = await makeCustomer(db);
    await bind(c.id, first.id);
    await send(c.id, 'one');
    await bind(c.id, second.id);
    const { request } = await send(c.id, 'two');
    expect(request.agentId).toBe(second.id);
  });

  it('a customer with no exclusive agent gets a clear 409 and nothing is stored', async () => {
    const c = await makeCustomer(db);
    await expect(send(c.id, 'hello')).rejects.toMatchObject({ code: 'no_binding', status: 409 });
    expect(await db.serviceRequest.count()).toBe(0);
    expect(alerts).toEqual([]);
  });

  it('the same Idempotency-Key returns the same request and alerts nobody twice', async () => {
    const agent = await makeAgent(db, { capability: 90 });
    const c = await makeCustomer(db);
    await bind(c.id, agent.id);
    const a = await send(c.id, 'hello', 'same-key-123');
    const b = await send(c.id, 'hello', 'same-key-123');
    expect(b).toMatchObject({ created: false, request: { id: a.request.id } });
    expect(alerts).toHaveLength(1);
    expect(await db.serviceRequest.count()).toBe(1);
  });

  it('concurrent submissions with one key still make one request', async () => {
    const agent = await makeAgent(db, { capability: 90 });
    const c = await makeCustomer(db);
    await bind(c.id, agent.id);
    const results = await Promise.all([1, 2, 3, 4].map(() => send(c.id, 'hello', 'race-key-123')));
    expect(new Set(results.map((r) => r.request.id)).size).toBe(1);
    expect(await db.serviceRequest.count()).toBe(1);
    expect(alerts).toHaveLength(1);
  });

  it('reusing a key for a different message is a conflict naming the header', async () => {
    const agent = await makeAgent(db, { capability: 90 });
    const c = await makeCustomer(db);
    await bind(c.id, agent.id);
    await send(c.id, 'hello', 'same-key-123');
    await expect(send(c.id, 'something else', 'same-key-123')).rejects.toMatchObject({ code: 'conflict', field: 'Idempotency-Key' });
  });

  it.each([
    [{ message: '' }, 'key-12345678', 'message'],
    [{ message: 'x'.repeat(2001) }, 'key-12345678', 'message'],
    [{}, 'key-12345678', 'message'],
    [{ message: 'hi' }, '', 'Idempotency-Key'],
    [{ message: 'hi' }, 'short', 'Idempotency-Key'],
  ])('bad input %j / key %j names the field %s', async (input, key, field) => {
    const agent = await makeAgent(db, { capability: 90 });
    const c = await makeCustomer(db);
    await bind(c.id, agent.id);
    const err = await createServiceRequest({ db, notify, customerId: c.id, idempotencyKey: key, input }).catch((e) => e);
    const name = err.field ?? err.issues?.[0]?.path?.join('.');
    expect(name).toBe(field);
  });
});

describe('delivery and acknowledgement', () => {
  it('pending → delivered → acknowledged, each change told once, only by the bound agent', async () => {
    const agent = await makeAgent(db, { capability: 90 });
    const other = await makeAgent(db, { capability: 80 });
    const c = await makeCustomer(db);
    await bind(c.id, agent.id);
    const { request } = await send(c.id, 'hello');
    expect(await listUndelivered({ db, agentId: agent.id })).toHaveLength(1);

    expect(await markDelivered({ db, notify, agentId: agent.id, id: request.id })).toBe(true);
    expect(await markDelivered({ db, notify, agentId: agent.id, id: request.id })).toBe(false);
    expect(await listUndelivered({ db, agentId: agent.id })).toHaveLength(0);

    await expect(acknowledgeRequest({ db, notify, agentId: other.id, input: { id: request.id } })).rejects.toMatchObject({ code: 'not_found' });
    const acked = await acknowledgeRequest({ db, notify, agentId: agent.id, input: { id: request.id } });
    expect(acked.status).toBe('acknowledged');
    await acknowledgeRequest({ db, notify, agentId: agent.id, input: { id: request.id } });
    expect(updates).toEqual([
      { customerId: c.id, id: request.id, status: 'delivered' },
      { customerId: c.id, id: request.id, status: 'acknowledged' },
    ]);
  });
});
