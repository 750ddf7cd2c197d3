import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAgent, makeCustomer, useTestDb } from '../../test/helpers/db.ts';
import type { Db } from '../db/client.ts';
import { createSubscribers } from './subscribers.ts';
import { pushListener } from './push-notifier.ts';
import type { PushPayload, PushSender } from './send-push.ts';

const getDb = useTestDb({ beforeEach, afterEach });

/** The db, counting every model call the listener makes (the point: none for people without a subscription). */
const counting = (db: Db) => {
  const calls: string[] = [];
  const proxy = new Proxy(db, {
    get: (t, model) => {
      const delegate = Reflect.get(t, model, t) as unknown;
      if (typeof model !== 'string' || model.startsWith('$') || typeof delegate !== 'object' || delegate === null) return delegate;
      return new Proxy(delegate, { get: (d, m) => (typeof m === 'string' && calls.push(`${model}.${m}`), Reflect.get(d, m, d)) });
    },
  }) as Db;
  return { db: proxy, calls };
};

const settle = () => new Promise((r) => setTimeout(r, 50));

describe('who has push subscriptions (issue 27: no work for nobody)', () => {
  it('once loaded, an alert or an answer for someone without a subscription reads nothing and sends nothing', async () => {
    const db = getDb();
    const agent = await makeAgent(db, { capability: 50 });
    const customer = await makeCustomer(db);
    const subscribers = createSubscribers();
    await subscribers.refresh(db);
    const sent: PushPayload[] = [];
    const sender: PushSender = { toAgent: async (_a, p) => (sent.push(p), 1), toCustomer: async (_c, p) => (sent.push(p), 1) };
    const seen = counting(db);
    let liveChecks = 0;
    const listener = pushListener({ db: seen.db, sender, subscribers, isCustomerLive: async () => (liveChecks++, false) });
    listener.alertAgent!(agent.id, { customer: { name: 'Li' }, message: 'hi' } as never);
    listener.updateRequest!({ agentId: agent.id, customerId: customer.id }, { id: 'r1', status: 'resolved' });
    await settle();
    expect(seen.calls).toEqual([]);
    expect(liveChecks).toBe(0);
    expect(sent).toEqual([]);
  });

  it('a subscription saved on this instance counts at once; one made elsewhere after the next refresh; the last one removed stops it', async () => {
    const db = getDb();
    const agent = await makeAgent(db, { capability: 50 });
    const customer = await makeCustomer(db);
    const subscribers = createSubscribers();
    // Not loaded yet: everyone counts (the listener checks the table, as before).
    expect(subscribers.has({ agentId: agent.id })).toBe(true);
    await subscribers.refresh(db);
    expect(subscribers.has({ agentId: agent.id })).toBe(false);
    subscribers.saved({ agentId: agent.id });
    expect(subscribers.has({ agentId: agent.id })).toBe(true);
    // Another instance saved one for the customer: seen after the refresh.
    await db.pushSubscription.create({ data: { endpoint: 'https://push.example/1', p256dh: 'p'.repeat(20), auth: 'a'.repeat(10), customerId: customer.id } });
    await db.pushSubscription.create({ data: { endpoint: 'https://push.example/2', p256dh: 'p'.repeat(20), auth: 'a'.repeat(10), customerId: customer.id } });
    expect(subscribers.has({ customerId: customer.id })).toBe(false);
    await subscribers.refresh(db);
    expect(subscribers.has({ customerId: customer.id })).toBe(true);
    expect(subscribers.has({ agentId: agent.id })).toBe(false); // the table has none for the agent
    // One of two removed: still subscribed; the last one: not.
    await db.pushSubscription.deleteMany({ where: { endpoint: 'https://push.example/1' } });
    await subscribers.removed(db, { customerId: customer.id });
    expect(subscribers.has({ customerId: customer.id })).toBe(true);
    await db.pushSubscription.deleteMany({ where: { endpoint: 'https://push.example/2' } });
    await subscribers.removed(db, { customerId: customer.id });
    expect(subscribers.has({ customerId: customer.id })).toBe(false);
  });
});
