import { describe, expect, it } from 'vitest';
import { createAgentConsoleStore } from './store.ts';
import type { GiftView, RatingView } from './types.ts';

const rating = (over: Partial<RatingView> = {}): RatingView => ({
  id: 'r1', requestId: 'q1', agentId: 'a', stars: 4, comment: null, customer: { id: 'c', name: 'Zhang San' },
  createdAt: '2026-11-30T10:00:00.000Z', updatedAt: '2026-11-30T10:00:00.000Z', editableUntil: '2026-12-01T10:00:00.000Z', edited: false, ...over,
});
const gift = (over: Partial<GiftView> = {}): GiftView => ({
  id: 'g1', giftId: 'coffee', name: 'Coffee', nameZh: '咖啡', icon: '/gifts/coffee.svg', points: 3, note: null, agentId: 'a',
  customer: { id: 'c', name: 'Zhang San' }, createdAt: '2026-11-30T11:00:00.000Z', ...over,
});

describe('agent console feedback', () => {
  it('live ratings and gifts go on top and move the totals; a changed rating replaces the first', () => {
    const store = createAgentConsoleStore();
    store.getState().setFeedback({ rating: { average: 5, count: 1 }, gifts: { count: 0, points: 0 } }, [rating({ id: 'old', stars: 5, updatedAt: '2026-11-29T10:00:00.000Z' })], []);
    store.getState().addRating(rating({ stars: 2 }));
    store.getState().addGift(gift());
    store.getState().addGift(gift()); // the same gift twice (a re-sent event) counts once
    store.getState().addRating(rating({ stars: 4, edited: true, updatedAt: '2026-11-30T12:00:00.000Z' }));
    const f = store.getState().feedback!;
    expect(f.items.map((i) => `${i.kind}:${i.id}`)).toEqual(['rating:r1', 'gift:g1', 'rating:old']);
    expect(f.totals).toEqual({ rating: { average: 4.5, count: 2 }, gifts: { count: 1, points: 3 } });
  });
});
