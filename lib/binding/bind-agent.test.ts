import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDb, makeAgent, makeCustomer } from '../../test/helpers/db.ts';
import type { Db } from '../db/client.ts';
import { bindAgent } from './bind-agent.ts';
import { getActiveBinding, listBindingHistory } from './get-active-binding.ts';

const testDb = useTestDb({ beforeEach, afterEach });
let db: Db;
beforeEach(() => {
  db = testDb();
});

const bind = (customerId: string, agentId: string, now?: Date) => db.$transaction((tx) => bindAgent({ tx, customerId, agentId, now }));

describe('binding (S3)', () => {
  it('stores the binding with the contact info the customer gave', async () => {
    const agent = await makeAgent(db, { capability: 90 });
    const customer = await makeCustomer(db, { email: undefined, im: 'wx_zhangsan', phone: '13800138000' });
    const b = await bind(customer.id, agent.id);
    expect(b).toMatchObject({ agentId: agent.id, contactPhone: '13800138000', contactIm: 'wx_zhangsan', endedAt: null });
    expect((await getActiveBinding({ db, customerId: customer.id }))?.agent.id).toBe(agent.id);
  });

  it('rebinding ends the old binding and keeps it as history', async () => {
    const first = await makeAgent(db, { capability: 90 });
    const second = await makeAgent(db, { capability: 80 });
    const customer = await makeCustomer(db);
    await bind(customer.id, first.id, new Date('2026-01-01T00:00:00Z'));
    await bind(customer.id, second.id, new Date('2026-02-01T00:00:00Z'));
    expect((await getActiveBinding({ db, customerId: customer.id }))?.agentId).toBe(second.id);
    const history = await listBindingHistory({ db, customerId: customer.id });
    expect(history.map((h) => [h.agentId, h.endReason])).toEqual([
      [second.id, null],
      [first.id, 'rebind'],
    ]);
    expect(history[1]!.endedAt?.toISOString()).toBe('2026-02-01T00:00:00.000Z');
  });

  it('choosing the agent one already has changes nothing', async () => {
    const agent = await makeAgent(db, { capability: 90 });
    const customer = await makeCustomer(db);
    const a = await bind(customer.id, agent.id);
    const b = await bind(customer.id, agent.id);
    expect(b.id).toBe(a.id);
    expect(await db.binding.count()).toBe(1);
  });

  it('the database refuses a second active binding for one customer', async () => {
    const a = await makeAgent(db, { capability: 90 });
    const b = await makeAgent(db, { capability: 80 });
    const customer = await makeCustomer(db);
    await db.binding.create({ data: { customerId: customer.id, agentId: a.id } });
    await expect(db.binding.create({ data: { customerId: customer.id, agentId: b.id } })).rejects.toThrow();
  });

  it('a customer without any contact cannot be bound', async () => {
    const agent = await makeAgent(db, { capability: 90 });
    const c = await db.customer.create({ data: { name: 'No contact' } });
    await expect(bind(c.id, agent.id)).rejects.toMatchObject({ code: 'invalid_input', field: 'contact' });
  });
});
