import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ask, createClient, nextEvent, printLogsOnFailure, startServer, type RunningServer } from '../helpers/server.ts';
import { scenario } from '../helpers/scenario.ts';

// Issue 14 through a real server: ratings and gifts reach the agent's console live and the card's totals.
let server: RunningServer;
afterEach(printLogsOnFailure(() => server));
const s = scenario(() => server);

beforeAll(async () => {
  server = await startServer({ env: { GIFTS_PER_DAY: '2', ACCEPT_TIMEOUT_MS: '600000', CAPABILITY_SCHEDULE: 'off' } });
});
afterEach(() => s.closeAll());
afterAll(() => server?.stop());

describe('ratings', () => {
  it('only after resolve, only by the owner, once; the agent sees it live and the card shows it', async () => {
    await s.agent('rated', 80);
    // The console is open (and counted) before the customer looks for an agent: only then is the agent available.
    const { tab } = await s.online('rated');
    const customer = await s.customerOf('Rater One', 'rated');
    const alert = nextEvent(tab, 'service-request:new');
    const sent = await customer.send('My parcel is late');
    const id = sent.json.request.id as string;
    await alert;

    const early = await customer.client.post(`/api/service-requests/${id}/rating`, { stars: 5 });
    expect(early.status).toBe(409);
    expect(early.json.error.field).toBe('status');

    expect(await ask(tab, 'service-request:resolve', { id })).toMatchObject({ ok: true });

    const stranger = createClient(server.url);
    await stranger.post('/api/customers', { name: 'Stranger', email: 'stranger@example.com' });
    expect((await stranger.post(`/api/service-requests/${id}/rating`, { stars: 1 })).status).toBe(404);
    expect((await createClient(server.url).post(`/api/service-requests/${id}/rating`, { stars: 1 })).status).toBe(401);

    const bad = await customer.client.post(`/api/service-requests/${id}/rating`, { stars: 9 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe('stars');

    const live = nextEvent(tab, 'rating:new');
    const rated = await customer.client.post(`/api/service-requests/${id}/rating`, { stars: 4, comment: 'Quick and kind' });
    expect(rated.status).toBe(201);
    expect(await live).toMatchObject({ requestId: id, stars: 4, comment: 'Quick and kind', customer: { name: 'Rater One' }, edited: false });

    const changed = nextEvent(tab, 'rating:new');
    const again = await customer.client.post(`/api/service-requests/${id}/rating`, { stars: 5 });
    expect(again.status).toBe(200);
    expect(await changed).toMatchObject({ requestId: id, stars: 5, edited: true });

    const card = await customer.client.get('/api/me/agent');
    expect(card.json.agent.rating).toEqual({ average: 5, count: 1 });
    const mine = await customer.client.get('/api/me/ratings');
    expect(mine.json.ratings).toMatchObject([{ requestId: id, stars: 5 }]);
  });
});

describe('gifts', () => {
  it('the catalogue has names in both languages, points and a local icon', async () => {
    const res = await createClient(server.url).get('/api/gifts');
    expect(res.status).toBe(200);
    expect(res.json.gifts.length).toBeGreaterThanOrEqual(4);
    for (const g of res.json.gifts) {
      expect(g).toEqual({ id: expect.any(String), name: expect.any(String), nameZh: expect.any(String), points: expect.any(Number), icon: expect.stringMatching(/^\/gifts\/.+\.svg$/) });
      const icon = await fetch(server.url + g.icon);
      expect(icon.status).toBe(200);
      expect(icon.headers.get('content-type')).toContain('image/svg+xml');
    }
  });

  it('a gift appears on the card and live on the agent console; past the daily limit 429 with Retry-After', async () => {
    await s.agent('gifted', 70);
    // The console is open (and counted) before the customer looks for an agent: only then is the agent available.
    const { tab, ...me } = await s.online('gifted');
    const customer = await s.customerOf('Giver', 'gifted');

    const live = nextEvent(tab, 'gift:new');
    const sent = await customer.client.post('/api/me/agent/gifts', { giftId: 'coffee', note: 'Thanks!' });
    expect(sent.status).toBe(201);
    expect(await live).toMatchObject({ giftId: 'coffee', name: 'Coffee', nameZh: '咖啡', points: 3, note: 'Thanks!', customer: { name: 'Giver' } });
    expect((await customer.client.post('/api/me/agent/gifts', { giftId: 'trophy' })).status).toBe(201);

    const card = await customer.client.get('/api/me/agent');
    expect(card.json.agent.gifts).toEqual({ count: 2, points: 13 });
    const feedback = await me.client.get('/api/agent/feedback');
    expect(feedback.json.recentGifts.map((g: { giftId: string }) => g.giftId)).toEqual(['trophy', 'coffee']);

    const over = await customer.client.post('/api/me/agent/gifts', { giftId: 'flower' });
    expect(over.status).toBe(429);
    expect(over.json.error.code).toBe('rate_limited');
    const retry = Number(over.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(23 * 3600);
    expect(retry).toBeLessThanOrEqual(24 * 3600);
    expect(await server.db.giftSent.count({ where: { agent: { handle: 'gifted' } } })).toBe(2);

    const unknown = await customer.client.post('/api/me/agent/gifts', { giftId: 'cash' });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.field).toBe('giftId');
  });

  it('without an exclusive agent there is no one to send a gift to', async () => {
    const c = createClient(server.url);
    await c.post('/api/customers', { name: 'Lonely', email: 'lonely@example.com' });
    const res = await c.post('/api/me/agent/gifts', { giftId: 'flower' });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('no_binding');
  });
});
