import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { ask, connected, createClient, eventually, nextEvent, printLogsOnFailure, startServer, type RunningServer } from '../helpers/server.ts';
import { scenario } from '../helpers/scenario.ts';
import { openConversation } from '../helpers/conversation.ts';

// Issue #15: a request is a conversation. Both directions, live to both sides, each message once, in order.
let server: RunningServer;
afterEach(printLogsOnFailure(() => server));
const s = scenario(() => server);

beforeAll(async () => {
  server = await startServer({ env: { ACCEPT_TIMEOUT_MS: '600000', PRESENCE_GRACE_MS: '600000' } });
});
afterEach(() => s.closeAll());
afterAll(() => server?.stop());

type Msg = { id: string; requestId: string; author: string; body: string; createdAt: string; agent: { name: string; nameZh: string } | null };

/** Every `service-request:message` a socket hears, in arrival order. */
const record = (socket: Socket) => {
  const got: Msg[] = [];
  socket.on('service-request:message', (m: Msg) => got.push(m));
  return got;
};

const bodies = (ms: Msg[]) => ms.map((m) => m.body);

const conversation = (handle: string, capability: number) => openConversation(s, handle, capability, { customerName: `Thread ${handle}`, firstMessage: 'My parcel has not arrived' });

describe('conversations on a request', () => {
  it('customer and agent write several times each; both sides hear every message once, in the order stored', async () => {
    const c = await conversation('threads', 90);
    const atAgent = record(c.me.tab);
    const atCustomer = record(c.customerSocket);

    const first = await c.say('Order 1234');
    expect(first.status).toBe(201);
    expect(first.json.message).toMatchObject({ requestId: c.id, author: 'customer', body: 'Order 1234', agent: null });
    expect(await c.reply('Looking now')).toMatchObject({ ok: true, request: { author: 'agent', body: 'Looking now', agent: { name: 'Agent threads' } } });
    expect(await c.reply('It left the depot today')).toMatchObject({ ok: true });
    expect((await c.say('Thanks!')).status).toBe(201);
    expect((await c.say('Can it come on Friday?')).status).toBe(201);
    expect(await c.reply('Yes, Friday it is')).toMatchObject({ ok: true });

    const expected = ['Order 1234', 'Looking now', 'It left the depot today', 'Thanks!', 'Can it come on Friday?', 'Yes, Friday it is'];
    await eventually(async () => atAgent.length >= 6 && atCustomer.length >= 6);
    // A barrier: one more message, so anything sent twice would have arrived before it.
    await c.say('barrier');
    await eventually(async () => atAgent.length >= 7 && atCustomer.length >= 7);
    expect(bodies(atAgent)).toEqual([...expected, 'barrier']);
    expect(bodies(atCustomer)).toEqual([...expected, 'barrier']);
    expect(new Set(atAgent.map((m) => m.id)).size).toBe(7);

    // The stored thread reads the same for both sides, times strictly increasing.
    const mine = (await c.customer.client.get(`/api/service-requests/${c.id}`)).json.request.messages as Msg[];
    const theirs = ((await c.me.client.get('/api/agent/requests')).json.requests as { id: string; messages: Msg[] }[]).find((r) => r.id === c.id)!.messages;
    expect(bodies(mine)).toEqual([...expected, 'barrier']);
    expect(theirs.map((m) => m.id)).toEqual(mine.map((m) => m.id));
    const times = mine.map((m) => Date.parse(m.createdAt));
    expect(times.every((t, i) => i === 0 || t > times[i - 1]!)).toBe(true);
    expect(mine.map((m) => m.author)).toEqual(['customer', 'agent', 'agent', 'customer', 'customer', 'agent', 'customer']);
    // The agent's name comes in both languages, for the viewer's language to pick.
    expect(mine[1]!.agent).toMatchObject({ name: 'Agent threads', nameZh: expect.any(String) });
  });

  it('order is kept across a reconnect: what was said while a side was away is in the thread, then live again, each once', async () => {
    const c = await conversation('reconnects', 80);
    expect((await c.say('one')).status).toBe(201);
    expect(await c.reply('two')).toMatchObject({ ok: true });

    // Both sides drop their live connection; the conversation goes on over HTTP and another tab.
    c.me.tab.disconnect();
    c.customerSocket.disconnect();
    expect((await c.say('three (agent away)')).status).toBe(201);
    const otherTab = s.socket({ token: c.me.token });
    await connected(otherTab);
    expect(await c.reply('four (customer away)', otherTab)).toMatchObject({ ok: true });
    otherTab.disconnect();

    // Back: the thread holds everything in order; new messages come live, once.
    const agentBack = s.socket({ token: c.me.token });
    const customerBack = s.socket({ cookie: c.customer.client.cookieHeader() });
    const atAgent = record(agentBack);
    const atCustomer = record(customerBack);
    const told = nextEvent(agentBack, 'agent:status');
    await Promise.all([connected(agentBack), connected(customerBack)]);
    await told;
    const thread = ((await c.me.client.get('/api/agent/requests')).json.requests as { id: string; messages: Msg[] }[]).find((r) => r.id === c.id)!.messages;
    expect(bodies(thread)).toEqual(['one', 'two', 'three (agent away)', 'four (customer away)']);
    expect(bodies((await c.customer.client.get(`/api/service-requests/${c.id}`)).json.request.messages)).toEqual(bodies(thread));

    expect((await c.say('five')).status).toBe(201);
    expect(await c.reply('six', agentBack)).toMatchObject({ ok: true });
    expect((await c.say('seven')).status).toBe(201);
    await eventually(async () => atAgent.length >= 3 && atCustomer.length >= 3);
    expect(bodies(atAgent)).toEqual(['five', 'six', 'seven']);
    expect(bodies(atCustomer)).toEqual(['five', 'six', 'seven']);
  });

  it('refuses what it must, in words naming the field; a resolved request takes no more messages', async () => {
    const c = await conversation('refusals', 70);
    expect((await c.customer.client.post(`/api/service-requests/${c.id}/messages`, { body: '   ' })).json.error).toMatchObject({ code: 'invalid_input', field: 'body' });
    expect((await c.customer.client.post(`/api/service-requests/${c.id}/messages`, { body: 'x'.repeat(2001) })).status).toBe(400);
    expect((await c.customer.client.post(`/api/service-requests/${c.id}/messages`, 'not json')).json.error).toMatchObject({ field: 'body' });
    // Without the customer's session, or on someone else's request.
    expect((await createClient(server.url).post(`/api/service-requests/${c.id}/messages`, { body: 'hi' })).status).toBe(401);
    const stranger = await s.customerOf('Stranger', 'refusals');
    expect((await stranger.client.post(`/api/service-requests/${c.id}/messages`, { body: 'hi' })).status).toBe(404);
    expect((await c.customer.client.post('/api/service-requests/nope/messages', { body: 'hi' })).status).toBe(404);

    expect(await ask(c.me.tab, 'service-request:resolve', { id: c.id })).toMatchObject({ ok: true });
    const late = await c.customer.client.post(`/api/service-requests/${c.id}/messages`, { body: 'one more thing' });
    expect(late.status).toBe(409);
    expect(late.json.error).toMatchObject({ code: 'conflict', field: 'id' });
    expect(await server.db.requestMessage.count({ where: { requestId: c.id } })).toBe(0);

    // Resolved today is still on the agent's list when asked for; not otherwise.
    const since = new Date(Date.now() - 3600_000).toISOString();
    const withResolved = (await c.me.client.get(`/api/agent/requests?resolvedSince=${encodeURIComponent(since)}`)).json.requests as { id: string; status: string; resolvedAt: string }[];
    expect(withResolved.find((r) => r.id === c.id)).toMatchObject({ status: 'resolved', resolvedAt: expect.any(String) });
    expect(((await c.me.client.get('/api/agent/requests')).json.requests as { id: string }[]).some((r) => r.id === c.id)).toBe(false);
    expect((await c.me.client.get('/api/agent/requests?resolvedSince=yesterday')).json.error).toMatchObject({ field: 'resolvedSince' });
  });
});
