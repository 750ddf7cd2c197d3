import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { ask, connected, createClient, eventually, nextEvent, printLogsOnFailure, startServer, type RunningServer } from '../helpers/server.ts';
import { scenario } from '../helpers/scenario.ts';
import { openConversation } from '../helpers/conversation.ts';

// Issue #15: read receipts and unread counts kept by the server (per agent, per request), so they survive
// a reload and reach the customer live; and customer messages sent with an Idempotency-Key stored once.
let server: RunningServer;
afterEach(printLogsOnFailure(() => server));
const s = scenario(() => server);

beforeAll(async () => {
  server = await startServer({ env: { ACCEPT_TIMEOUT_MS: '600000', PRESENCE_GRACE_MS: '600000' } });
});
afterEach(() => s.closeAll());
afterAll(() => server?.stop());

type Read = { id: string; readUpTo: string };
type Msg = { id: string; body: string; createdAt: string; author: string };

/** Every event of one name a socket hears, in arrival order. */
const record = <T>(socket: Socket, event: string) => {
  const got: T[] = [];
  socket.on(event, (p: T) => got.push(p));
  return got;
};

const conversation = (handle: string, capability: number) => openConversation(s, handle, capability, { customerName: `Reads ${handle}`, firstMessage: 'Where is my refund?' });

describe('read receipts', () => {
  it('the agent opening the thread is stored, survives a reload, and reaches the customer live, once', async () => {
    const c = await conversation('reader', 90);
    const second = (await c.say('Order 77, paid on Monday')).json.message as Msg;
    expect((await c.agentView()).readUpTo).toBeNull();
    expect((await c.customerView()).readUpTo).toBeNull();

    const atCustomer = record<Read>(c.customerSocket, 'service-request:read');
    const otherTab = s.socket({ token: c.me.token });
    const told = nextEvent(otherTab, 'agent:status');
    await connected(otherTab);
    await told;
    const atOtherTab = record<Read>(otherTab, 'service-request:read');

    // The console has the request and the second message on screen.
    expect(await ask(c.me.tab, 'service-request:read', { id: c.id, upTo: second.createdAt })).toEqual({ ok: true, request: { id: c.id, readUpTo: second.createdAt } });
    await eventually(async () => atCustomer.length >= 1 && atOtherTab.length >= 1);
    expect(atCustomer).toEqual([{ id: c.id, readUpTo: second.createdAt }]);
    expect(atOtherTab).toEqual([{ id: c.id, readUpTo: second.createdAt }]);

    // A reload (a new page of the console, of the customer app) reads the same from the server.
    expect((await c.agentView()).readUpTo).toBe(second.createdAt);
    expect((await c.customerView()).readUpTo).toBe(second.createdAt);

    // Reading the same again, or less (a slow tab), changes nothing and tells nobody.
    expect(await ask(otherTab, 'service-request:read', { id: c.id, upTo: c.createdAt })).toEqual({ ok: true, request: { id: c.id, readUpTo: second.createdAt } });
    expect(await ask(c.me.tab, 'service-request:read', { id: c.id, upTo: second.createdAt })).toMatchObject({ ok: true });
    // A barrier: the customer's next message, heard after anything the reads above could have sent.
    const heard = nextEvent(c.customerSocket, 'service-request:message');
    const third = (await c.say('Any news?')).json.message as Msg;
    await heard;
    expect(atCustomer).toHaveLength(1);
    expect(atOtherTab).toHaveLength(1);

    // Newer words are unread until the agent opens them: the stored mark is before them.
    const view = await c.agentView();
    expect(view.readUpTo! < third.createdAt).toBe(true);
    expect(await ask(c.me.tab, 'service-request:read', { id: c.id, upTo: third.createdAt })).toMatchObject({ ok: true, request: { readUpTo: third.createdAt } });
    await eventually(async () => atCustomer.length >= 2);
    expect(atCustomer[1]).toEqual({ id: c.id, readUpTo: third.createdAt });
    expect(await server.db.threadRead.count({ where: { requestId: c.id } })).toBe(1);
  });

  it('never past now, only by the agent who has the request, and bad input is named', async () => {
    const c = await conversation('guarded', 80);
    const future = new Date(Date.now() + 3600_000).toISOString();
    const before = Date.now();
    const answer = await ask<{ ok: true; request: Read }>(c.me.tab, 'service-request:read', { id: c.id, upTo: future });
    expect(answer.ok).toBe(true);
    expect(Date.parse(answer.request.readUpTo)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(answer.request.readUpTo)).toBeGreaterThanOrEqual(before - 1000);

    await s.agent('stranger-agent', 10);
    const stranger = await s.online('stranger-agent');
    expect(await ask(stranger.tab, 'service-request:read', { id: c.id, upTo: c.createdAt })).toMatchObject({ ok: false, error: { code: 'not_found', field: 'id' } });
    expect(await ask(c.me.tab, 'service-request:read', { id: c.id, upTo: 'yesterday' })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'upTo' } });
    expect(await ask(c.me.tab, 'service-request:read', { upTo: c.createdAt })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'id' } });
    expect(await server.db.threadRead.count({ where: { requestId: c.id } })).toBe(1);
  });
});

describe('customer messages with an Idempotency-Key', () => {
  it('the same key is stored once and answered the same; the agent hears it once', async () => {
    const c = await conversation('idempotent', 70);
    const atAgent = record<Msg>(c.me.tab, 'service-request:message');
    const first = await c.say('Please call me after 6 pm', 'msg-key-0001');
    expect(first.status).toBe(201);
    const again = await c.say('Please call me after 6 pm', 'msg-key-0001');
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json).toEqual(first.json);

    // Two tries racing with one key: one message, one answer.
    const [a, b] = await Promise.all([c.say('Or tomorrow morning', 'msg-key-0002'), c.say('Or tomorrow morning', 'msg-key-0002')]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.json.message.id).toBe(b.json.message.id);

    // The same key with other words is refused, naming the header; a bad key too.
    const other = await c.say('Something else entirely', 'msg-key-0001');
    expect(other.status).toBe(409);
    expect(other.json.error).toMatchObject({ code: 'conflict', field: 'Idempotency-Key' });
    expect((await c.say('hi', 'short')).json.error).toMatchObject({ code: 'invalid_input', field: 'Idempotency-Key' });

    // Without a key, two sends are two messages (as before).
    expect((await c.say('twice')).status).toBe(201);
    expect((await c.say('twice')).status).toBe(201);

    const barrier = (await c.say('barrier', 'msg-key-0003')).json.message as Msg;
    await eventually(async () => atAgent.some((m) => m.id === barrier.id));
    expect(atAgent.map((m) => m.body)).toEqual(['Please call me after 6 pm', 'Or tomorrow morning', 'twice', 'twice', 'barrier']);
    expect(await server.db.requestMessage.count({ where: { requestId: c.id } })).toBe(5);

    // A retry whose first answer was lost after the request was resolved still gets its message back.
    expect(await ask(c.me.tab, 'service-request:resolve', { id: c.id })).toMatchObject({ ok: true });
    const late = await c.say('Please call me after 6 pm', 'msg-key-0001');
    expect(late.status).toBe(200);
    expect(late.json.message.id).toBe(first.json.message.id);
    expect((await c.say('new words', 'msg-key-0004')).status).toBe(409);
    expect(await server.db.requestMessage.count({ where: { requestId: c.id } })).toBe(5);
  });
});

type CustomerRead = { id: string; deliveredUpTo: string | null; readUpTo: string | null };

describe("delivery and read states of the agent's words", () => {
  it("the customer's app reports received and shown; the agent's consoles hear each move once, live, and a reload reads it", async () => {
    const c = await conversation('seen-by-customer', 90);
    const r1 = (await c.reply('Let me check the courier')).request as Msg;
    const r2 = (await c.reply('It is on its way')).request as Msg;
    expect(await c.agentView()).toMatchObject({ customerDeliveredUpTo: null, customerReadUpTo: null });

    const otherTab = s.socket({ token: c.me.token });
    const told = nextEvent(otherTab, 'agent:status');
    await connected(otherTab);
    await told;
    const atTab = record<CustomerRead>(c.me.tab, 'service-request:customer-read');
    const atOtherTab = record<CustomerRead>(otherTab, 'service-request:customer-read');
    const mark = (body: unknown) => c.customer.client.post(`/api/service-requests/${c.id}/read`, body);

    // The app received both replies (live), then showed the first on screen.
    const delivered = await mark({ deliveredUpTo: r2.createdAt });
    expect(delivered.status).toBe(200);
    expect(delivered.json.request).toEqual({ id: c.id, deliveredUpTo: r2.createdAt, readUpTo: null });
    expect((await mark({ readUpTo: r1.createdAt })).json.request).toEqual({ id: c.id, deliveredUpTo: r2.createdAt, readUpTo: r1.createdAt });
    await eventually(async () => atTab.length >= 2 && atOtherTab.length >= 2);
    expect(atTab).toEqual([
      { id: c.id, deliveredUpTo: r2.createdAt, readUpTo: null },
      { id: c.id, deliveredUpTo: r2.createdAt, readUpTo: r1.createdAt },
    ]);
    expect(atOtherTab).toEqual(atTab);

    // Again, or less (a slow tab, a retry from the outbox): nothing moves back and nobody is told.
    expect((await mark({ deliveredUpTo: r1.createdAt, readUpTo: r1.createdAt })).json.request).toEqual({ id: c.id, deliveredUpTo: r2.createdAt, readUpTo: r1.createdAt });
    // Read implies delivered: a new reply shown at once moves both.
    const r3 = (await c.reply('Here tomorrow')).request as Msg;
    expect((await mark({ readUpTo: r3.createdAt })).json.request).toEqual({ id: c.id, deliveredUpTo: r3.createdAt, readUpTo: r3.createdAt });
    await eventually(async () => atTab.length >= 3);
    // A barrier: a message the agent hears after anything the marks above could have sent.
    const heard = nextEvent(c.me.tab, 'service-request:message');
    await c.say('Thank you');
    await heard;
    expect(atTab).toHaveLength(3);
    expect(atTab[2]).toEqual({ id: c.id, deliveredUpTo: r3.createdAt, readUpTo: r3.createdAt });

    // A reload of the console (and of the customer app) reads the marks from the server.
    expect(await c.agentView()).toMatchObject({ customerDeliveredUpTo: r3.createdAt, customerReadUpTo: r3.createdAt });
    expect(await c.customerView()).toMatchObject({ customerDeliveredUpTo: r3.createdAt, customerReadUpTo: r3.createdAt });
  });

  it('never past now, only on my own request, and bad input is named', async () => {
    const c = await conversation('marks-guarded', 80);
    const mark = (body: unknown, client = c.customer.client) => client.post(`/api/service-requests/${c.id}/read`, body);
    const before = Date.now();
    const future = await mark({ readUpTo: new Date(Date.now() + 3600_000).toISOString() });
    expect(future.status).toBe(200);
    expect(Date.parse(future.json.request.readUpTo)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(future.json.request.readUpTo)).toBeGreaterThanOrEqual(before - 1000);

    const stranger = await s.customerOf('Marks stranger', 'marks-guarded');
    const notMine = await mark({ readUpTo: c.createdAt }, stranger.client);
    expect(notMine.status).toBe(404);
    expect(notMine.json.error).toMatchObject({ code: 'not_found', field: 'id' });
    const empty = await mark({});
    expect(empty.status).toBe(400);
    expect(empty.json.error).toMatchObject({ code: 'invalid_input', field: 'readUpTo' });
    expect((await mark({ deliveredUpTo: 'yesterday' })).json.error).toMatchObject({ code: 'invalid_input', field: 'deliveredUpTo' });
    const anonymous = await createClient(server.url).post(`/api/service-requests/${c.id}/read`, { readUpTo: c.createdAt });
    expect(anonymous.status).toBe(401);
  });
});
