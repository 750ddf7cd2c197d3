import { describe, expect, it } from 'vitest';
import { hasNewAgent } from './agent-watch.ts';
import { PERSIST_KEY } from './persisted.ts';
import { agent, FakeFailure, fakeApi, makeStore, matchOf, memoryStorage, networkDown, request } from './test-helpers.ts';

const LI = agent('a1', 'Li Ming', 97);
const WANG = agent('a2', 'Wang Fang', 95);
const ZHANG = agent('a3', 'Zhang Wei', 91);
const ME = { id: 'c1', name: 'Zhang San', phone: '+86 138 0013 8000' };

/** Three agents online, best first; skip walks down the list; choose binds the shown one. */
const matchingServer = (opts: { customer?: typeof ME | null } = {}) => {
  let customer = opts.customer ?? null;
  const list = [LI, WANG, ZHANG];
  let pos = 0;
  let bound: typeof LI | null = null;
  const fake = fakeApi({
    'GET /api/customers/me': () => {
      return { customer: customer ?? null };
    },
    'POST /api/customers': ({ body }) => {
      customer = { ...ME, ...(body as object) };
      return { customer };
    },
    'GET /api/me/agent': () => {
      if (!bound) throw new FakeFailure(404, { code: 'not_found', message: '' });
      return { agent: bound, binding: { createdAt: '2026-11-24T08:00:00.000Z' } };
    },
    'GET /api/service-requests': () => ({ requests: [] }),
    'POST /api/matches': () => {
      pos = 0;
      return matchOf('m1', list[0]!, list.length - 1);
    },
    'POST /api/matches/m1/skip': () => {
      pos++;
      return pos < list.length ? matchOf('m1', list[pos]!, list.length - 1 - pos) : matchOf('m1', null, 0, 'all_skipped');
    },
    'POST /api/matches/m1/choose': () => {
      if (!customer) throw new FakeFailure(401, { code: 'customer_required', message: '' });
      bound = list[pos]!;
      return { agent: bound, binding: { createdAt: '2026-11-24T08:00:00.000Z' } };
    },
  });
  return { ...fake, addAgent: (a: typeof LI) => list.push(a), bound: () => bound };
};

describe('find, skip, choose', () => {
  it('a new visitor skips to the next best, gives contact info when choosing, and is bound with a notice', async () => {
    const server = matchingServer();
    const store = makeStore(server.api);
    await store.getState().load();
    expect(store.getState()).toMatchObject({ session: 'ready', customer: null, myAgent: null, screen: 'start' });

    await store.getState().startMatch();
    expect(store.getState()).toMatchObject({ screen: 'find', match: { agent: { name: 'Li Ming' } } });
    await store.getState().skip();
    expect(store.getState().match?.agent?.name).toBe('Wang Fang');

    expect(await store.getState().choose()).toBe('needs_contact');
    expect(store.getState().screen).toBe('contact');
    expect(server.bound()).toBeNull();

    expect(await store.getState().saveContact({ name: 'Zhang San', phone: '', email: 'z@example.com', im: '' })).toEqual({ ok: true });
    expect(await store.getState().choose()).toBe('chosen');
    expect(store.getState()).toMatchObject({
      screen: 'start',
      myAgent: { name: 'Wang Fang' },
      notice: { kind: 'bound', name: 'Wang Fang' },
      customerId: 'c1',
      match: null,
    });
  });

  it('skipping past the last agent ends in all_skipped, remembering everyone seen', async () => {
    const store = makeStore(matchingServer({ customer: ME }).api);
    await store.getState().load();
    await store.getState().startMatch();
    for (let i = 0; i < 3; i++) await store.getState().skip();
    expect(store.getState().match).toMatchObject({ agent: null, reason: 'all_skipped' });
    expect(store.getState().seenAgentIds).toEqual(['a1', 'a2', 'a3']);
  });

  it('waiting after an exhausted search finds a newcomer, and only then', async () => {
    const server = matchingServer({ customer: ME });
    const store = makeStore(server.api);
    await store.getState().load();
    await store.getState().startMatch();
    for (let i = 0; i < 3; i++) await store.getState().skip();

    store.getState().startWatching();
    await store.getState().checkForNewAgent();
    expect(store.getState().watch.state).toBe('waiting');

    server.addAgent(agent('a9', 'Sun Li', 73));
    await store.getState().checkForNewAgent();
    expect(store.getState().watch.state).toBe('found');
    store.getState().showFoundAgent();
    expect(store.getState()).toMatchObject({ watch: { state: 'off' }, match: { agent: { name: 'Li Ming' }, remaining: 3 } });
  });

  it('a failed skip keeps the card and says why; the network failure marks us unreachable', async () => {
    const fake = fakeApi({
      'GET /api/customers/me': () => ({ customer: ME }),
      'GET /api/service-requests': () => ({ requests: [] }),
      'POST /api/matches': () => matchOf('m1', LI, 2),
      'POST /api/matches/m1/skip': () => {
        throw networkDown();
      },
    });
    const store = makeStore(fake.api);
    await store.getState().load();
    await store.getState().startMatch();
    await store.getState().skip();
    expect(store.getState()).toMatchObject({ match: { agent: { name: 'Li Ming' } }, matchError: { code: 'network' }, pending: null, reachable: false });
  });
});

describe('session and saved state', () => {
  it('offline at start, the saved agent and requests still show', async () => {
    const storage = memoryStorage();
    const online = makeStore(matchingServer({ customer: ME }).api, storage);
    online.setState({ customerId: 'c1', myAgent: WANG, boundAt: '2026-11-24T08:00:00.000Z', requests: [request('r1', 'hello')] });

    const offline = makeStore(
      fakeApi({
        '*': () => {
          throw networkDown();
        },
        'GET /api/customers/me': () => {
          throw networkDown();
        },
      }).api,
      storage,
    );
    await offline.persist.rehydrate();
    await offline.getState().load();
    expect(offline.getState()).toMatchObject({ session: 'ready', reachable: false, myAgent: { name: 'Wang Fang' }, requests: [{ message: 'hello' }] });
  });

  it('nothing set before the saved state is read back can overwrite it', async () => {
    const storage = memoryStorage();
    const before = makeStore(matchingServer({ customer: ME }).api, storage);
    before.setState({ customerId: 'c1', myAgent: WANG, introSeen: true });

    const after = makeStore(matchingServer({ customer: ME }).api, storage, { hydrate: false });
    after.getState().setOnline(false);
    await after.persist.rehydrate();
    expect(after.getState()).toMatchObject({ myAgent: { name: 'Wang Fang' }, introSeen: true, online: false });
    after.getState().setOnline(true);
    expect(JSON.parse(storage.data[PERSIST_KEY]!).state).toMatchObject({ myAgent: { name: 'Wang Fang' } });
  });

  it('a browser whose customer cookie is gone forgets the saved agent', async () => {
    const storage = memoryStorage();
    makeStore(matchingServer().api, storage).setState({ customerId: 'c1', myAgent: WANG, requests: [request('r1', 'hello')] });
    const store = makeStore(matchingServer().api, storage);
    await store.persist.rehydrate();
    await store.getState().load();
    expect(store.getState()).toMatchObject({ customerId: null, myAgent: null, requests: [] });
  });

  it('persists only the binding, requests, outbox, unsent read marks and intro flag — no contact details, no search', async () => {
    const storage = memoryStorage();
    const store = makeStore(matchingServer({ customer: ME }).api, storage);
    await store.getState().load();
    await store.getState().startMatch();
    await store.getState().choose();
    const saved = JSON.parse(storage.data[PERSIST_KEY]!).state;
    expect(Object.keys(saved).sort()).toEqual(['boundAt', 'customerId', 'introSeen', 'myAgent', 'outbox', 'pendingMarks', 'requests']);
    expect(JSON.stringify(saved)).not.toContain(ME.phone);
  });

  it('corrupt storage is ignored, but queued requests in it are salvaged', async () => {
    const storage = memoryStorage({
      [PERSIST_KEY]: JSON.stringify({
        version: 1,
        state: {
          myAgent: { id: 5 },
          outbox: [{ key: 'k1', customerId: 'c1', message: 'keep me', createdAt: '2026-11-24T07:00:00Z', status: 'queued' }, { junk: true }],
        },
      }),
    });
    const store = makeStore(matchingServer({ customer: ME }).api, storage);
    await store.persist.rehydrate();
    expect(store.getState().myAgent).toBeNull();
    expect(store.getState().outbox.map((i) => i.message)).toEqual(['keep me']);
  });

  it('a live status update moves a request forward, never back', () => {
    const store = makeStore(matchingServer().api);
    store.getState().upsertRequest({ ...request('r1', 'x'), status: 'acknowledged' });
    store.getState().applyStatus({ id: 'r1', status: 'delivered' });
    expect(store.getState().requests[0]!.status).toBe('acknowledged');
    store.getState().applyStatus({ id: 'r1', status: 'resolved' });
    expect(store.getState().requests[0]!.status).toBe('resolved');
  });
});

describe('hasNewAgent', () => {
  it.each([
    [[], matchOf('m', null, 0, 'none_online'), false],
    [[], matchOf('m', LI, 0), true],
    [['a1', 'a2'], matchOf('m', LI, 1), false],
    [['a1', 'a2'], matchOf('m', LI, 2), true],
    [['a1', 'a2'], matchOf('m', ZHANG, 0), true],
  ] as const)('seen %j, fresh %j → %s', (seenIds, fresh, expected) => {
    expect(hasNewAgent(seenIds, fresh)).toBe(expected);
  });
});

describe('live status racing the answer', () => {
  it('an update that arrives before the request is listed is applied when it appears', () => {
    const store = makeStore(fakeApi({}).api);
    store.getState().applyStatus({ id: 'r1', status: 'delivered' });
    store.getState().upsertRequest(request('r1', 'x'));
    expect(store.getState().requests[0]!.status).toBe('delivered');
    expect(store.getState().laterStatus).toEqual({});
  });
});

describe('my messages on a request, and what my agent has read', () => {
  it('sending the same words again after a failure reuses their Idempotency-Key; new words get a new one', async () => {
    let fail = true;
    let minute = 0;
    const fake = fakeApi({
      'POST /api/service-requests/r1/messages': ({ body }) => {
        if (fail) throw networkDown();
        const createdAt = `2026-11-24T09:0${++minute}:00.000Z`;
        return { message: { id: `m-${(body as { body: string }).body}`, requestId: 'r1', author: 'customer', body: (body as { body: string }).body, createdAt, agent: null } };
      },
    });
    const store = makeStore(fake.api);
    store.getState().upsertRequest(request('r1', 'x'));
    expect(await store.getState().sendMessage('r1', 'hello')).toMatchObject({ code: 'network' });
    fail = false;
    expect(await store.getState().sendMessage('r1', 'hello')).toBeNull();
    expect(await store.getState().sendMessage('r1', 'again')).toBeNull();
    const keys = fake.calls.map((c) => c.headers?.['Idempotency-Key']);
    expect(keys[0]).toMatch(/^key-/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
    expect(store.getState().requests[0]!.messages!.map((m) => m.body)).toEqual(['hello', 'again']);
  });

  it('"read" moves on live and is kept across a reload of the list, never moving back', async () => {
    const fake = fakeApi({ 'GET /api/service-requests': () => ({ requests: [{ ...request('r1', 'x'), readUpTo: null }] }) });
    const store = makeStore(fake.api);
    store.getState().upsertRequest(request('r1', 'x'));
    store.getState().applyRead({ id: 'r1', readUpTo: '2026-11-24T09:05:00.000Z' });
    store.getState().applyRead({ id: 'r1', readUpTo: '2026-11-24T09:00:00.000Z' });
    expect(store.getState().requests[0]!.readUpTo).toBe('2026-11-24T09:05:00.000Z');
    // The list answered before the read reached the server: the live mark stays.
    await store.getState().loadRequests();
    expect(store.getState().requests[0]!.readUpTo).toBe('2026-11-24T09:05:00.000Z');
  });
});

describe('handover: my agent left and I am asked', () => {
  const handover = (status: 'pending' | 'accepted', suggested = WANG) => ({
    bindingId: 'b1', reason: 'agent_left' as const, status, at: '2026-12-07T09:00:00.000Z', answeredAt: null, from: LI, suggested,
  });
  const server = () => {
    let bound = LI;
    let asked: ReturnType<typeof handover> | null = handover('pending');
    const fake = fakeApi({
      'GET /api/me/agent': () => ({ agent: bound, binding: { createdAt: '2026-11-24T08:00:00.000Z' }, handover: asked }),
      'POST /api/me/handover': ({ body }) => {
        if (!asked) throw new FakeFailure(409, { code: 'conflict', message: '', field: 'answer' });
        if ((body as { answer: string }).answer === 'accept') bound = WANG;
        asked = null;
        return { handover: handover('accepted'), agentId: WANG.id };
      },
    });
    return fake;
  };

  it('shows the question from the binding, takes the suggestion, and greets the new agent', async () => {
    const fake = server();
    const store = makeStore(fake.api);
    await store.getState().refreshBinding();
    expect(store.getState().handover).toMatchObject({ status: 'pending', suggested: { id: WANG.id } });
    expect(await store.getState().answerHandover('accept')).toBe(true);
    expect(store.getState()).toMatchObject({ handover: null, myAgent: { id: WANG.id }, notice: { kind: 'bound', name: 'Wang Fang' } });
  });

  it('a second answer (another tab answered first) is told in words and changes nothing', async () => {
    const fake = server();
    const store = makeStore(fake.api);
    await store.getState().refreshBinding();
    await store.getState().answerHandover('accept');
    store.getState().applyHandover(handover('pending'));
    expect(await store.getState().answerHandover('choose_again')).toBe(false);
    expect(store.getState()).toMatchObject({ handoverError: { code: 'conflict' }, myAgent: { id: WANG.id }, handover: null });
  });
});
