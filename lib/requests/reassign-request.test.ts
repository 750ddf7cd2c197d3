import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, makeAgent, makeCustomer } from '../../test/helpers/db.ts';
import type { Db } from '../db/client.ts';
import { silentNotifier } from '../events/dispatcher.ts';
import type { Notifier } from '../events/types.ts';
import { bindAgent } from '../binding/bind-agent.ts';
import { createServiceRequest } from './create-request.ts';
import { declineRequest, reassignExpiredOffers, takeCover } from './reassign-request.ts';
import { acknowledgeRequest } from './acknowledge-request.ts';
import { deactivateAgent } from '../staff/deactivate-agent.ts';
import { replyToRequest, resolveRequest } from './work-request.ts';
import { changeAgentStatus } from '../staff/follow-presence.ts';

let t: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let alerts: { agentId: string; id: string; cover: boolean }[];
let withdrawn: { agentId: string; id: string }[];
let updates: { customerId: string; update: unknown }[];
const notify: Notifier = {
  ...silentNotifier,
  updateRequest: (target, update) => updates.push({ customerId: target.customerId, update }),
  alertAgent: (agentId, a) => alerts.push({ agentId, id: a.id, cover: a.cover }),
  withdrawFromAgent: (agentId, id) => withdrawn.push({ agentId, id }),
};
const t0 = new Date('2026-11-24T09:00:00Z');
const after = (s: number) => new Date(t0.getTime() + s * 1000);

beforeEach(async () => {
  t = await createTestDb();
  db = t.db;
  alerts = [];
  withdrawn = [];
  updates = [];
});
afterEach(() => t.cleanup());

const setup = async (boundStatus: 'online' | 'away' | 'offline' = 'online') => {
  const bound = await makeAgent(db, { capability: 60, status: boundStatus });
  const best = await makeAgent(db, { capability: 90 });
  const second = await makeAgent(db, { capability: 80 });
  const customer = await makeCustomer(db);
  await db.$transaction((tx) => bindAgent({ tx, customerId: customer.id, agentId: bound.id }));
  const send = (msg = 'help', now = t0) =>
    createServiceRequest({ db, notify, customerId: customer.id, idempotencyKey: `k-${Math.random().toString(36).slice(2)}`, input: { message: msg }, now });
  return { bound, best, second, customer, send };
};

describe('bound agent cannot answer', () => {
  it.each(['away', 'offline'] as const)('bound agent %s: held for them, the customer is told and may take a cover; the binding stays', async (status) => {
    const { bound, best, customer, send } = await setup(status);
    const { request, routing } = await send();
    expect(routing).toMatchObject({ decision: 'held', reason: `agent_${status}`, agent: { id: bound.id } });
    expect(request).toMatchObject({ agentId: bound.id, cover: false });
    const covered = await takeCover({ db, notify, customerId: customer.id, input: { id: request.id }, now: after(5) });
    expect(covered.agent.id).toBe(best.id);
    expect(covered.request).toMatchObject({ agentId: best.id, boundAgentId: bound.id, cover: true });
    expect(alerts.at(-1)).toEqual({ agentId: best.id, id: request.id, cover: true });
    expect((await db.binding.findFirstOrThrow({ where: { customerId: customer.id, endedAt: null } })).agentId).toBe(bound.id);
  });

  it('a held request alerts nobody; it is offered (and its timer starts) the moment the agent is available again', async () => {
    const { bound, customer, send } = await setup('offline');
    const { request } = await send();
    expect(alerts).toEqual([]);
    expect(await db.serviceRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ offeredAt: null, holdReason: 'agent_offline' });
    await changeAgentStatus({ db, notify, agentId: bound.id, status: 'online', now: after(30) });
    expect(alerts).toEqual([{ agentId: bound.id, id: request.id, cover: false }]);
    expect(await db.serviceRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ offeredAt: after(30), holdReason: null });
    expect(updates.at(-1)).toMatchObject({ customerId: customer.id, update: { id: request.id, holdReason: null, agentId: bound.id } });
    // Going offline with the console open: what was offered and not taken waits again, with the reason.
    await changeAgentStatus({ db, notify, agentId: bound.id, status: 'offline', now: after(40) });
    expect(await db.serviceRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ offeredAt: null, holdReason: 'agent_offline' });
    expect(updates.at(-1)).toMatchObject({ update: { id: request.id, holdReason: 'agent_offline' } });
  });

  it('online in the database but no console open: held, never offered', async () => {
    const { bound, send } = await setup();
    await db.agent.update({ where: { id: bound.id }, data: { connected: false } });
    const { routing } = await send();
    expect(routing).toMatchObject({ decision: 'held', reason: 'agent_offline' });
    expect(alerts).toEqual([]);
  });

  it('"help me now" works once: a covered request cannot be bounced on by pressing it again', async () => {
    const { bound, best, customer, send } = await setup('away');
    const { request } = await send();
    expect((await takeCover({ db, notify, customerId: customer.id, input: { id: request.id } })).agent.id).toBe(best.id);
    await expect(takeCover({ db, notify, customerId: customer.id, input: { id: request.id } })).rejects.toMatchObject({ code: 'conflict' });
    expect((await db.serviceRequest.findUniqueOrThrow({ where: { id: request.id } })).agentId).toBe(best.id);
    void bound;
  });

  it('a cover speaks the language the request was written in', async () => {
    const bound = await makeAgent(db, { capability: 60, status: 'away' });
    await makeAgent(db, { capability: 95, languages: ['zh-CN'] });
    const english = await makeAgent(db, { capability: 50, languages: ['en'] });
    const customer = await makeCustomer(db);
    await db.$transaction((tx) => bindAgent({ tx, customerId: customer.id, agentId: bound.id }));
    const { request } = await createServiceRequest({ db, notify, customerId: customer.id, idempotencyKey: 'english-1', input: { message: 'hello' }, locale: 'en' });
    expect((await takeCover({ db, notify, customerId: customer.id, input: { id: request.id } })).agent.id).toBe(english.id);
  });

  it('bound agent at their open-request limit: held as busy', async () => {
    const { bound, send } = await setup();
    await db.agent.update({ where: { id: bound.id }, data: { maxOpenRequests: 1 } });
    expect((await send('one')).routing.decision).toBe('offered');
    expect((await send('two')).routing).toMatchObject({ decision: 'held', reason: 'agent_busy' });
  });

  it('a held request never times out while it waits for the bound agent', async () => {
    const { send } = await setup('offline');
    await send();
    expect(await reassignExpiredOffers({ db, notify, acceptTimeoutMs: 60_000, now: after(3600) })).toEqual([]);
  });
});

describe('accept timeout and decline', () => {
  it('an offer not acknowledged in time goes to the next best, never back to one who timed out', async () => {
    const { bound, best, second, send } = await setup();
    const { request } = await send();
    expect(await reassignExpiredOffers({ db, notify, acceptTimeoutMs: 60_000, now: after(59) })).toEqual([]);
    expect(await reassignExpiredOffers({ db, notify, acceptTimeoutMs: 60_000, now: after(60) })).toEqual([request.id]);
    expect((await db.serviceRequest.findUniqueOrThrow({ where: { id: request.id } })).agentId).toBe(best.id);
    expect(withdrawn).toEqual([{ agentId: bound.id, id: request.id }]);
    await reassignExpiredOffers({ db, notify, acceptTimeoutMs: 60_000, now: after(120) });
    expect((await db.serviceRequest.findUniqueOrThrow({ where: { id: request.id } })).agentId).toBe(second.id);
    // Nobody else is left: it goes back to wait for the exclusive agent, who is offered it again.
    await reassignExpiredOffers({ db, notify, acceptTimeoutMs: 60_000, now: after(180) });
    const final = await db.serviceRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(final).toMatchObject({ agentId: bound.id, hops: 2, holdReason: null, offeredAt: after(180) });
    expect(JSON.parse(final.excludedAgentIds)).toEqual([bound.id, best.id, second.id]);
    expect(alerts.map((a) => a.agentId)).toEqual([bound.id, best.id, second.id, bound.id]);
  });

  it('hops at most MAX_HOPS times, then waits for the exclusive agent (held when they are away)', async () => {
    const { bound, best, send } = await setup();
    const { request } = await send();
    await reassignExpiredOffers({ db, notify, acceptTimeoutMs: 60_000, maxHops: 1, now: after(60) });
    expect((await db.serviceRequest.findUniqueOrThrow({ where: { id: request.id } })).agentId).toBe(best.id);
    await db.agent.update({ where: { id: bound.id }, data: { status: 'away' } });
    await reassignExpiredOffers({ db, notify, acceptTimeoutMs: 60_000, maxHops: 1, now: after(120) });
    // The second agent was free, but the hop was spent: back to the bound agent, held as away.
    expect(await db.serviceRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ agentId: bound.id, offeredAt: null, holdReason: 'agent_away', hops: 1 });
    expect(await reassignExpiredOffers({ db, notify, acceptTimeoutMs: 60_000, maxHops: 1, now: after(3600) })).toEqual([]);
  });

  it('an acknowledged request does not move', async () => {
    const { bound, send } = await setup();
    const { request } = await send();
    await acknowledgeRequest({ db, notify, agentId: bound.id, input: { id: request.id } });
    expect(await reassignExpiredOffers({ db, notify, acceptTimeoutMs: 60_000, now: after(600) })).toEqual([]);
  });

  it('a decline moves it at once, and the one who declined is excluded', async () => {
    const { bound, best, send } = await setup();
    const { request } = await send();
    const moved = await declineRequest({ db, notify, agentId: bound.id, input: { id: request.id } });
    expect(moved.agentId).toBe(best.id);
    await expect(acknowledgeRequest({ db, notify, agentId: bound.id, input: { id: request.id } })).rejects.toMatchObject({ code: 'not_found' });
    const r = await db.serviceRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(JSON.parse(r.excludedAgentIds)).toEqual([bound.id]);
  });
});

describe('replies and resolve', () => {
  it('a reply acknowledges and is kept; resolve closes', async () => {
    const { bound, send } = await setup();
    const { request } = await send();
    const m = await replyToRequest({ db, notify, agentId: bound.id, input: { id: request.id, body: 'On it!' } });
    expect(m).toMatchObject({ requestId: request.id, body: 'On it!', agent: { id: bound.id } });
    expect((await db.serviceRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe('acknowledged');
    await expect(replyToRequest({ db, notify, agentId: bound.id, input: { id: request.id, body: '  ' } })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ['body'] })] });
    expect((await resolveRequest({ db, notify, agentId: bound.id, input: { id: request.id } })).status).toBe('resolved');
    await expect(replyToRequest({ db, notify, agentId: bound.id, input: { id: request.id, body: 'more' } })).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('an agent leaves', () => {
  it('asks their customers (the binding waits for the answer) and re-routes their open requests', async () => {
    const { bound, best, customer, send } = await setup();
    const { request } = await send();
    const result = await deactivateAgent({ db, notify, email: bound.email });
    expect(result).toMatchObject({ pendingHandovers: 1, reroutedRequests: 1 });
    expect(await db.binding.findFirstOrThrow({ where: { customerId: customer.id, endedAt: null } })).toMatchObject({ state: 'pending_handover', handoverReason: 'agent_left' });
    expect((await db.serviceRequest.findUniqueOrThrow({ where: { id: request.id } })).agentId).toBe(best.id);
    await expect(deactivateAgent({ db, notify, email: 'nobody@test.local' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
