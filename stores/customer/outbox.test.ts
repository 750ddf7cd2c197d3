import { describe, expect, it } from 'vitest';
import { applyOutcomes, sendQueued, type OutboxItem } from './outbox.ts';
import { FakeFailure, fakeApi, makeStore, memoryStorage, networkDown, request } from './test-helpers.ts';
import type { ServiceRequest } from './types.ts';

const ME = { id: 'c1', name: 'Zhang San', email: 'z@example.com' };

/** A server like ours: stores each Idempotency-Key once; `down` makes it unreachable. */
const fakeServer = () => {
  const stored = new Map<string, ServiceRequest>();
  const state = { down: false, loseAnswers: 0 };
  let seq = 0;
  const { api, calls } = fakeApi({
    'GET /api/customers/me': () => {
      if (state.down) throw networkDown();
      return { customer: ME };
    },
    'GET /api/me/agent': () => ({ agent: null, binding: null }),
    'GET /api/service-requests': () => {
      if (state.down) throw networkDown();
      return { requests: [...stored.values()].reverse() };
    },
    'POST /api/service-requests': ({ body, headers }) => {
      if (state.down) throw networkDown();
      const key = headers?.['Idempotency-Key'];
      if (!key) throw new FakeFailure(400, { code: 'invalid_input', message: 'key', field: 'Idempotency-Key' });
      const message = (body as { message: string }).message;
      if (message.length > 2000) throw new FakeFailure(400, { code: 'invalid_input', message: 'too long', field: 'message' });
      const existing = stored.get(key) ?? request(`r${++seq}`, message, new Date(Date.UTC(2026, 10, 24, 9, 0, seq)).toISOString());
      stored.set(key, existing);
      // The server did the work, but the answer never arrives (a dropped connection).
      if (state.loseAnswers > 0) {
        state.loseAnswers--;
        throw networkDown();
      }
      return { request: existing };
    },
  });
  const posts = () => calls.filter((c) => c.method === 'POST' && c.path === '/api/service-requests');
  return { api, stored, state, posts };
};

describe('offline outbox', () => {
  it('keeps a request written offline, with its key, and delivers it once when the connection returns', async () => {
    const server = fakeServer();
    const store = makeStore(server.api);
    await store.getState().load();

    server.state.down = true;
    await store.getState().sendRequest('My parcel has not arrived');
    const [queued] = store.getState().outbox;
    expect(queued).toMatchObject({ message: 'My parcel has not arrived', status: 'queued', customerId: 'c1' });
    expect(store.getState().reachable).toBe(false);
    expect(server.stored.size).toBe(0);

    // Trying again while still offline changes nothing and loses nothing.
    await store.getState().flushOutbox();
    expect(store.getState().outbox).toHaveLength(1);

    server.state.down = false;
    await store.getState().flushOutbox();
    expect(store.getState().outbox).toEqual([]);
    expect(server.stored.size).toBe(1);
    expect(store.getState().requests.map((r) => r.message)).toEqual(['My parcel has not arrived']);
    expect(new Set(server.posts().map((c) => c.headers?.['Idempotency-Key']))).toEqual(new Set([queued!.key]));
  });

  it('re-sends with the same key after a lost answer, so the server stores it once', async () => {
    const server = fakeServer();
    const store = makeStore(server.api);
    await store.getState().load();

    server.state.loseAnswers = 1;
    await store.getState().sendRequest('Refund please');
    expect(store.getState().outbox).toHaveLength(1);
    expect(server.stored.size).toBe(1);

    await store.getState().flushOutbox();
    expect(store.getState().outbox).toEqual([]);
    expect(server.stored.size).toBe(1);
    expect(store.getState().requests).toHaveLength(1);
    const keys = server.posts().map((c) => c.headers?.['Idempotency-Key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });

  it('a lost answer never lists the request twice: loading the list sends the outbox first', async () => {
    const server = fakeServer();
    const store = makeStore(server.api);
    await store.getState().load();
    server.state.loseAnswers = 1;
    await store.getState().sendRequest('Where is my refund?');
    expect(store.getState().outbox).toHaveLength(1);

    await store.getState().loadRequests();
    expect(store.getState().outbox).toEqual([]);
    expect(store.getState().requests.map((r) => r.message)).toEqual(['Where is my refund?']);
  });

  it('sends each item once when flushes overlap (online event and app start together)', async () => {
    const server = fakeServer();
    const store = makeStore(server.api);
    await store.getState().load();
    server.state.down = true;
    await store.getState().sendRequest('one');
    await store.getState().sendRequest('two');
    server.state.down = false;
    const before = server.posts().length;

    await Promise.all([store.getState().flushOutbox(), store.getState().flushOutbox(), store.getState().load()]);
    expect(server.posts().length - before).toBe(2);
    expect(server.stored.size).toBe(2);
    expect(store.getState().outbox).toEqual([]);
    expect(store.getState().requests.map((r) => r.message)).toEqual(['two', 'one']);
  });

  it('marks a refused request failed without blocking the ones after it', async () => {
    const server = fakeServer();
    const store = makeStore(server.api);
    await store.getState().load();
    server.state.down = true;
    await store.getState().sendRequest('x'.repeat(2001));
    await store.getState().sendRequest('fine');
    server.state.down = false;

    await store.getState().flushOutbox();
    expect(store.getState().outbox).toEqual([expect.objectContaining({ status: 'failed', error: expect.objectContaining({ code: 'invalid_input', field: 'message' }) })]);
    expect(store.getState().requests.map((r) => r.message)).toEqual(['fine']);

    store.getState().discardOutboxItem(store.getState().outbox[0]!.key);
    expect(store.getState().outbox).toEqual([]);
  });

  it('survives a reload: the queued item comes back from storage with the same key and is sent on start', async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    const first = makeStore(server.api, storage);
    await first.getState().load();
    server.state.down = true;
    await first.getState().sendRequest('written on the train');
    const key = first.getState().outbox[0]!.key;

    server.state.down = false;
    const second = makeStore(server.api, storage);
    await second.persist.rehydrate();
    expect(second.getState().outbox).toEqual([expect.objectContaining({ key, status: 'queued' })]);
    await second.getState().load();
    expect(second.getState().outbox).toEqual([]);
    expect([...server.stored.keys()]).toEqual([key]);
  });

  it("never sends another customer's queued request under the current session", async () => {
    const server = fakeServer();
    const store = makeStore(server.api);
    store.setState({
      outbox: [{ key: 'someone-elses', customerId: 'c0', message: 'not mine', createdAt: '2026-11-24T07:00:00Z', status: 'queued' }],
    });
    await store.getState().load();
    expect(server.posts()).toHaveLength(0);
    expect(store.getState().outbox).toHaveLength(1);
  });
});

describe('sendQueued / applyOutcomes', () => {
  const item = (key: string, createdAt: string, extra: Partial<OutboxItem> = {}): OutboxItem => ({
    key,
    customerId: 'c1',
    message: key,
    createdAt,
    status: 'queued',
    ...extra,
  });

  it('sends oldest first and stops at the first transient failure, keeping order', async () => {
    const sent: string[] = [];
    const outcomes = await sendQueued({
      customerId: 'c1',
      items: [item('b', '2'), item('a', '1'), item('c', '3'), item('f', '0', { status: 'failed' })],
      send: async (i) => {
        sent.push(i.key);
        if (i.key === 'b') throw new FakeFailure(503, { code: 'internal', message: '' });
        return request(`r-${i.key}`, i.message);
      },
    });
    expect(sent).toEqual(['a', 'b']);
    expect(outcomes.map((o) => [o.key, o.kind])).toEqual([
      ['a', 'sent'],
      ['b', 'kept'],
    ]);
  });

  it('keeps items added while a run was sending', () => {
    const items = [item('a', '1'), item('new', '9')];
    expect(applyOutcomes(items, [{ key: 'a', kind: 'sent', request: request('r', 'a') }]).map((i) => i.key)).toEqual(['new']);
  });
});
