import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, makeAgent, makeCustomer } from '../../test/helpers/db.ts';
import type { Db } from '../db/client.ts';
import { silentNotifier, type Notifier } from '../realtime/notifier.ts';
import { bindAgent } from '../binding/bind-agent.ts';
import { createServiceRequest } from './create-request.ts';
import { declineRequest, reassignExpiredOffers, takeCover } from './reassign-request.ts';
import { acknowledgeRequest } from './acknowledge-request.ts';
import { deactivateAgent } from '../agents/deactivate-agent.ts';
import { replyToRequest, resolveRequest } from './work-request.ts';

let t: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let alerts: { agentId: string; id: string; cover: boolean }[];
let withdrawn: { agentId: string; id: string }[];
const notify: Notifier = {
  ...silentNotifier,
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
    // Everyone available has timed out: it stays with the last one rather than going back.
    await reassignExpiredOffers({ db, notify, acceptTimeoutMs: 60_000, now: after(180) });
    const final = await db.serviceRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(final.agentId).toBe(second.id);
    expect(JSON.parse(final.excludedAgentIds)).toEqual([bound.id, best.id]);
    expect(alerts.map((a) => a.agentId)).toEqual([bound.id, best.id, second.id]);
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
  it('ends their bindings (history kept) and re-routes their open requests', async () => {
    const { bound, best, customer, send } = await setup();
    const { request } = await send();
    const result = await deactivateAgent({ db, notify, email: bound.email });
    expect(result).toMatchObject({ endedBindings: 1, reroutedRequests: 1 });
    expect(await db.binding.findFirst({ where: { customerId: customer.id, endedAt: null } })).toBeNull();
    expect((await db.binding.findFirstOrThrow({ where: { customerId: customer.id } })).endReason).toBe('agent-left');
    expect((await db.serviceRequest.findUniqueOrThrow({ where: { id: request.id } })).agentId).toBe(best.id);
    await expect(deactivateAgent({ db, notify, email: 'nobody@test.local' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
