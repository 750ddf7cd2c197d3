import { describe, expect, it } from 'vitest';
import { PERSIST_KEY } from './persisted.ts';
import { FakeFailure, fakeApi, makeStore, memoryStorage, networkDown, request } from './test-helpers.ts';
import type { RequestMessage } from './types.ts';

const ME = { id: 'c1', name: 'Zhang San' };
const reply = (id: string, createdAt: string): RequestMessage => ({
  id,
  requestId: 'r1',
  author: 'agent',
  body: `reply ${id}`,
  createdAt,
  agent: { id: 'a1', name: 'Li Ming', nameZh: '李明' },
  attachments: [],
});
const AT_1 = '2026-11-24T09:01:00.000Z';
const AT_2 = '2026-11-24T09:02:00.000Z';

/** A server that keeps the customer's marks as lib/requests/customer-read.ts does (only on), and can go away. */
const markServer = () => {
  const marks: { deliveredUpTo: string | null; readUpTo: string | null } = { deliveredUpTo: null, readUpTo: null };
  let down = false;
  const later = (a: string | null, b?: string) => (!b ? a : !a || b > a ? b : a);
  const fake = fakeApi({
    'GET /api/customers/me': () => {
      if (down) throw networkDown();
      return { customer: ME };
    },
    'GET /api/me/agent': () => {
      if (down) throw networkDown();
      throw new FakeFailure(404, { code: 'not_found', message: '' });
    },
    'GET /api/service-requests': () => {
      if (down) throw networkDown();
      return { requests: [{ ...request('r1', 'hello'), messages: [reply('m1', AT_1)], customerDeliveredUpTo: marks.deliveredUpTo, customerReadUpTo: marks.readUpTo }] };
    },
    'POST /api/service-requests/r1/read': ({ body }) => {
      if (down) throw networkDown();
      const b = body as { deliveredUpTo?: string; readUpTo?: string };
      marks.readUpTo = later(marks.readUpTo, b.readUpTo);
      marks.deliveredUpTo = later(later(marks.deliveredUpTo, b.deliveredUpTo), b.readUpTo ?? undefined);
      return { request: { id: 'r1', ...marks } };
    },
    'POST /api/service-requests/gone/read': () => {
      throw new FakeFailure(404, { code: 'not_found', message: '' });
    },
  });
  const posts = () => fake.calls.filter((c) => c.method === 'POST').map((c) => ({ path: c.path, body: c.body }));
  return { ...fake, marks, posts, setDown: (d: boolean) => (down = d) };
};

describe('delivery and read marks of my agent’s words', () => {
  it('received words are reported delivered, shown ones read; only news is sent, and the server’s answer is kept', async () => {
    const server = markServer();
    const store = makeStore(server.api);
    await store.getState().load();
    await store.getState().flushMarks();
    // The list brought one reply: delivered.
    expect(server.posts()).toEqual([{ path: '/api/service-requests/r1/read', body: { deliveredUpTo: AT_1 } }]);
    expect(store.getState().requests[0]).toMatchObject({ customerDeliveredUpTo: AT_1, customerReadUpTo: null });

    // A second reply live, then the thread is on screen.
    store.getState().applyMessage(reply('m2', AT_2));
    store.getState().noteSeen('r1', { readUpTo: AT_2 });
    await store.getState().flushMarks();
    expect(server.marks).toEqual({ deliveredUpTo: AT_2, readUpTo: AT_2 });
    expect(store.getState().requests[0]).toMatchObject({ customerDeliveredUpTo: AT_2, customerReadUpTo: AT_2 });
    expect(store.getState().pendingMarks).toEqual({});

    // Nothing new: nothing sent (a reload of the list, the same thread shown again, an older mark).
    const sent = server.posts().length;
    await store.getState().loadRequests();
    store.getState().noteSeen('r1', { readUpTo: AT_2 });
    store.getState().noteSeen('r1', { deliveredUpTo: AT_1, readUpTo: AT_1 });
    await store.getState().flushMarks();
    expect(server.posts()).toHaveLength(sent);
  });

  it('marks made offline are kept across a reload and sent when back online', async () => {
    const server = markServer();
    const storage = memoryStorage();
    const store = makeStore(server.api, storage);
    await store.getState().load();
    await store.getState().flushMarks();
    const sentOnline = server.posts().length;

    // Offline: the words were already here; the customer opens the thread.
    store.getState().setOnline(false);
    server.setDown(true);
    store.getState().applyMessage(reply('m2', AT_2));
    store.getState().noteSeen('r1', { readUpTo: AT_2 });
    await store.getState().flushMarks();
    expect(server.posts()).toHaveLength(sentOnline);
    expect(store.getState().pendingMarks).toEqual({ r1: { deliveredUpTo: AT_2, readUpTo: AT_2 } });
    expect(JSON.parse(storage.data[PERSIST_KEY]!).state.pendingMarks).toEqual({ r1: { deliveredUpTo: AT_2, readUpTo: AT_2 } });

    // The page is reloaded while still offline: the mark is still waiting.
    const reloaded = makeStore(server.api, storage);
    await reloaded.persist.rehydrate();
    reloaded.getState().setOnline(false);
    await reloaded.getState().load();
    expect(reloaded.getState().pendingMarks).toEqual({ r1: { deliveredUpTo: AT_2, readUpTo: AT_2 } });
    expect(server.marks).toEqual({ deliveredUpTo: AT_1, readUpTo: null });

    // Back online (the page's 'online' handler: setOnline, then load): the mark goes, once.
    server.setDown(false);
    reloaded.getState().setOnline(true);
    await reloaded.getState().load();
    await reloaded.getState().flushMarks();
    expect(server.marks).toEqual({ deliveredUpTo: AT_2, readUpTo: AT_2 });
    expect(server.posts().slice(sentOnline)).toEqual([{ path: '/api/service-requests/r1/read', body: { deliveredUpTo: AT_2, readUpTo: AT_2 } }]);
    expect(reloaded.getState().pendingMarks).toEqual({});
    expect(reloaded.getState().requests[0]).toMatchObject({ customerDeliveredUpTo: AT_2, customerReadUpTo: AT_2 });
  });

  it('a send that fails on the way is kept for the next try; one refused for good is dropped', async () => {
    const server = markServer();
    const store = makeStore(server.api);
    await store.getState().load();
    await store.getState().flushMarks();
    server.setDown(true); // the browser still claims to be online: the request itself fails
    store.getState().noteSeen('r1', { readUpTo: AT_1 });
    await store.getState().flushMarks();
    expect(store.getState()).toMatchObject({ pendingMarks: { r1: { deliveredUpTo: AT_1, readUpTo: AT_1 } }, reachable: false });
    server.setDown(false);
    await store.getState().flushMarks();
    expect(store.getState().pendingMarks).toEqual({});
    expect(server.marks.readUpTo).toBe(AT_1);

    store.setState((s) => ({ requests: [...s.requests, request('gone', 'old')] }));
    store.getState().noteSeen('gone', { readUpTo: AT_1 });
    await store.getState().flushMarks();
    expect(store.getState().pendingMarks).toEqual({});
  });
});
