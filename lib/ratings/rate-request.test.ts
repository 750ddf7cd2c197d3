import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAgent, makeCustomer, useTestDb } from '../../test/helpers/db.ts';
import { silentNotifier } from '../events/dispatcher.ts';
import type { Notifier } from '../events/types.ts';
import type { RatingView } from './rating-view.ts';
import { rateRequest, RATING_EDIT_WINDOW_MS } from './rate-request.ts';
import type { Db } from '../db/client.ts';

const getDb = useTestDb({ beforeEach, afterEach });
const T0 = new Date('2026-11-30T10:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

const setup = async (db: Db, status: string = 'resolved') => {
  const agent = await makeAgent(db, { capability: 50 });
  const customer = await makeCustomer(db);
  const request = await db.serviceRequest.create({
    data: { customerId: customer.id, agentId: agent.id, boundAgentId: agent.id, message: 'help', status, idempotencyKey: `k-${Math.random()}` },
  });
  const heard: RatingView[] = [];
  const notify: Notifier = { ...silentNotifier, ratingAdded: (_id, r) => heard.push(r) };
  const rate = (input: unknown, now = T0, customerId = customer.id) => rateRequest({ db, notify, customerId, requestId: request.id, input, now });
  return { agent, customer, request, heard, rate };
};

describe('rateRequest', () => {
  it('refuses a request that is not resolved yet', async () => {
    const { rate } = await setup(getDb(), 'acknowledged');
    await expect(rate({ stars: 5 })).rejects.toMatchObject({ code: 'conflict', field: 'status' });
  });

  it("refuses someone else's request as if it did not exist", async () => {
    const db = getDb();
    const { rate } = await setup(db);
    const stranger = await makeCustomer(db, { name: 'Stranger' });
    await expect(rate({ stars: 1 }, T0, stranger.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('names the field when the stars are wrong', async () => {
    const { rate } = await setup(getDb());
    for (const stars of [0, 6, 4.5, '5', undefined]) {
      await expect(rate({ stars })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ['stars'] })] });
    }
  });

  it('rates once; the agent totals follow; a second rating within 24 h replaces the first', async () => {
    const db = getDb();
    const { agent, rate, heard } = await setup(db);
    const first = await rate({ stars: 2, comment: '  slow  ' });
    expect(first.created).toBe(true);
    expect(first.rating).toMatchObject({ stars: 2, comment: 'slow', edited: false, editableUntil: later(RATING_EDIT_WINDOW_MS).toISOString() });
    const edit = await rate({ stars: 5 }, later(RATING_EDIT_WINDOW_MS - 1000));
    expect(edit.created).toBe(false);
    expect(edit.rating).toMatchObject({ id: first.rating.id, stars: 5, comment: null, edited: true });
    expect(await db.rating.count()).toBe(1);
    expect(await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).toMatchObject({ ratingCount: 1, ratingSum: 5 });
    expect(heard.map((r) => [r.stars, r.edited])).toEqual([[2, false], [5, true]]);
  });

  it('after 24 h the rating stands', async () => {
    const db = getDb();
    const { agent, rate } = await setup(db);
    await rate({ stars: 4 });
    await expect(rate({ stars: 1 }, later(RATING_EDIT_WINDOW_MS + 1000))).rejects.toMatchObject({ code: 'conflict', field: 'stars' });
    expect(await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).toMatchObject({ ratingCount: 1, ratingSum: 4 });
  });
});
