import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAgent, makeCustomer, useTestDb } from '../../test/helpers/db.ts';
import type { Db } from '../db/client.ts';
import { silentNotifier } from '../events/dispatcher.ts';
import type { Notifier } from '../events/types.ts';
import type { HandoverView } from '../binding/handover-view.ts';
import { bindAgent } from '../binding/bind-agent.ts';
import { getMyAgent } from '../binding/get-my-agent.ts';
import { createServiceRequest } from '../requests/create-request.ts';
import { deactivateAgent } from './deactivate-agent.ts';
import { activateAgent } from './activate-agent.ts';
import { answerHandover, moveCustomers, offerHandovers } from './handover.ts';
import { suggestSuccessors, type SuccessorFacts } from './handover-suggestion.ts';
import { composeHandoverMail } from '../mail/handover-mail.ts';

const testDb = useTestDb({ beforeEach, afterEach });
let db: Db;
let told: { customerId: string; handover: HandoverView }[];
let alerts: { agentId: string; id: string }[];
const notify: Notifier = {
  ...silentNotifier,
  handoverChanged: (customerId, handover) => told.push({ customerId, handover }),
  alertAgent: (agentId, a) => alerts.push({ agentId, id: a.id }),
};
beforeEach(() => {
  db = testDb();
  told = [];
  alerts = [];
});

const bind = (customerId: string, agentId: string) => db.$transaction((tx) => bindAgent({ tx, customerId, agentId }));
const customerIn = async (locale: string, name = `C ${Math.random()}`) => {
  const c = await makeCustomer(db, { name, email: `${name.replace(/\W/g, '')}@example.com` });
  return db.customer.update({ where: { id: c.id }, data: { locale } });
};
const leave = (agentId: string) => db.agent.findUniqueOrThrow({ where: { id: agentId } }).then((a) => deactivateAgent({ db, notify, email: a.email }));
let n = 0;
const send = (customerId: string) => createServiceRequest({ db, notify, customerId, idempotencyKey: `handover-key-${++n}`, input: { message: 'Where is my parcel?' } });

describe('the suggested next agent (pure)', () => {
  const a = (id: string, over: Partial<SuccessorFacts> = {}): SuccessorFacts => ({ id, languages: ['zh-CN'], skills: [], capability: 50, room: 10, status: 'online', connected: true, active: true, ...over });

  it('speaks the customer language first of all, then shares the most skills, then is available, then capability', () => {
    const pool = [
      a('en-only', { languages: ['en'], skills: ['billing', 'refunds'], capability: 99 }),
      a('one-skill', { skills: ['billing'], capability: 90 }),
      a('two-skills-away', { skills: ['billing', 'refunds'], capability: 60, status: 'away' }),
      a('two-skills', { skills: ['billing', 'refunds'], capability: 50 }),
    ];
    expect(suggestSuccessors(pool, ['billing', 'refunds'], [{ locale: 'zh-CN' }, { locale: 'en' }, { locale: 'fr' }])).toEqual(['two-skills', 'en-only', null]);
  });

  it('never suggests a colleague to more customers than they have room for', () => {
    const pool = [a('small', { room: 1, capability: 90 }), a('big', { room: 5, capability: 10 })];
    expect(suggestSuccessors(pool, [], [{ locale: 'zh-CN' }, { locale: 'zh-CN' }, { locale: 'zh-CN' }])).toEqual(['small', 'big', 'big']);
    expect(suggestSuccessors([a('full', { room: 0 })], [], [{ locale: 'zh-CN' }])).toEqual([null]);
  });
});

describe('handover with consent', () => {
  it('an agent who leaves: each customer is told, in their language, who is suggested; the binding waits for the answer', async () => {
    const leaving = await makeAgent(db, { capability: 90, skills: ['billing'] });
    const english = await makeAgent(db, { capability: 40, languages: ['en'], skills: ['billing'] });
    const chinese = await makeAgent(db, { capability: 80, languages: ['zh-CN'], skills: ['billing'] });
    await makeAgent(db, { capability: 99, languages: ['zh-CN', 'en'], skills: ['shipping'] });
    const zh = await customerIn('zh-CN', 'Li');
    const en = await customerIn('en', 'Ann');
    await bind(zh.id, leaving.id);
    await bind(en.id, leaving.id);

    const result = await leave(leaving.id);
    expect(result.pendingHandovers).toBe(2);
    expect(told.map((t) => [t.customerId, t.handover.status, t.handover.reason, t.handover.suggested?.id]).sort()).toEqual(
      [
        [zh.id, 'pending', 'agent_left', chinese.id],
        [en.id, 'pending', 'agent_left', english.id],
      ].sort(),
    );
    const mine = await getMyAgent({ db, customerId: en.id });
    expect(mine.agent.id).toBe(leaving.id);
    expect(mine.handover).toMatchObject({ status: 'pending', from: { id: leaving.id }, suggested: { id: english.id } });
    // The leaving agent's counter keeps the places until the answers come.
    expect((await db.agent.findUniqueOrThrow({ where: { id: leaving.id } })).activeBindings).toBe(2);
  });

  it('while pending, requests are covered as for any agent away; accept: a new binding naming the old one, held requests follow', async () => {
    const leaving = await makeAgent(db, { capability: 90 });
    const cover = await makeAgent(db, { capability: 70 });
    const c = await customerIn('zh-CN');
    await bind(c.id, leaving.id);
    await leave(leaving.id);
    // Covered while pending (the suggested agent is the best with room: the cover here).
    const covered = await send(c.id);
    expect(covered.request.agentId).toBe(cover.id);
    // Nobody available: a request waits held for the agent who left.
    await db.agent.update({ where: { id: cover.id }, data: { status: 'away' } });
    const held = await send(c.id);
    expect(held.request).toMatchObject({ agentId: leaving.id, holdReason: 'agent_left' });
    await db.agent.update({ where: { id: cover.id }, data: { status: 'online' } });

    const answered = await answerHandover({ db, notify, customerId: c.id, input: { answer: 'accept' } });
    expect(answered).toMatchObject({ agentId: cover.id, handover: { status: 'accepted' } });
    const old = await db.binding.findFirstOrThrow({ where: { customerId: c.id, agentId: leaving.id } });
    expect(old).toMatchObject({ endReason: 'agent-left', handoverAnswer: 'accepted', state: 'pending_handover' });
    expect(old.endedAt).not.toBeNull();
    const fresh = await db.binding.findFirstOrThrow({ where: { customerId: c.id, endedAt: null } });
    expect(fresh).toMatchObject({ agentId: cover.id, previousBindingId: old.id, contactEmail: c.email });
    expect(await db.serviceRequest.findUniqueOrThrow({ where: { id: held.request.id } })).toMatchObject({ agentId: cover.id, boundAgentId: cover.id, bindingId: fresh.id });
    expect(alerts).toContainEqual({ agentId: cover.id, id: held.request.id });
    expect((await db.agent.findUniqueOrThrow({ where: { id: leaving.id } })).activeBindings).toBe(0);
    expect((await db.agent.findUniqueOrThrow({ where: { id: cover.id } })).activeBindings).toBe(1);
    // The answer is final: asking again is refused.
    await expect(answerHandover({ db, notify, customerId: c.id, input: { answer: 'choose_again' } })).rejects.toMatchObject({ code: 'conflict', field: 'answer' });
  });

  it('choose again: the binding ends and the customer searches as a newcomer; nothing to accept when nobody fits', async () => {
    const leaving = await makeAgent(db, { capability: 90, languages: ['en'] });
    const c = await customerIn('en');
    await bind(c.id, leaving.id);
    await leave(leaving.id);
    expect(told[0]!.handover.suggested).toBeNull();
    await expect(answerHandover({ db, notify, customerId: c.id, input: { answer: 'accept' } })).rejects.toMatchObject({ code: 'conflict', field: 'answer' });
    await expect(answerHandover({ db, notify, customerId: c.id, input: { answer: 'maybe' } })).rejects.toMatchObject({ name: 'ZodError' });
    const answered = await answerHandover({ db, notify, customerId: c.id, input: { answer: 'choose_again' } });
    expect(answered).toMatchObject({ agentId: null, handover: { status: 'chose_again' } });
    expect(await db.binding.count({ where: { customerId: c.id, endedAt: null } })).toBe(0);
    await expect(getMyAgent({ db, customerId: c.id })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('a customer who searches and chooses someone while asked has answered "choose again"', async () => {
    const leaving = await makeAgent(db, { capability: 90 });
    const other = await makeAgent(db, { capability: 30 });
    const c = await customerIn('zh-CN');
    await bind(c.id, leaving.id);
    await leave(leaving.id);
    await bind(c.id, other.id);
    expect(await db.binding.findFirstOrThrow({ where: { customerId: c.id, agentId: leaving.id } })).toMatchObject({ endReason: 'agent-left', handoverAnswer: 'chose_again' });
  });

  it('the suggested agent filled up meanwhile: nothing is answered, a new suggestion is made and shown', async () => {
    const leaving = await makeAgent(db, { capability: 90 });
    const first = await makeAgent(db, { capability: 80 });
    const second = await makeAgent(db, { capability: 70 });
    const c = await customerIn('zh-CN');
    await bind(c.id, leaving.id);
    await leave(leaving.id);
    expect(told.at(-1)!.handover.suggested?.id).toBe(first.id);
    await db.agent.update({ where: { id: first.id }, data: { capacity: 0 } });
    await expect(answerHandover({ db, notify, customerId: c.id, input: { answer: 'accept' } })).rejects.toMatchObject({ code: 'candidate_unavailable' });
    expect(told.at(-1)!.handover).toMatchObject({ status: 'pending', suggested: { id: second.id } });
    expect((await answerHandover({ db, notify, customerId: c.id, input: { answer: 'accept' } })).agentId).toBe(second.id);
  });

  it('an admin moves an agent who stays to a named colleague: the same question, reason "moved"', async () => {
    const busy = await makeAgent(db, { capability: 90 });
    const colleague = await makeAgent(db, { capability: 10 });
    const c1 = await customerIn('zh-CN');
    const c2 = await customerIn('en');
    await bind(c1.id, busy.id);
    await bind(c2.id, busy.id);
    await expect(moveCustomers({ db, notify, fromAgentId: busy.id, toAgentId: busy.id, adminId: null })).rejects.toMatchObject({ field: 'toAgentId' });
    expect(await moveCustomers({ db, notify, fromAgentId: busy.id, toAgentId: colleague.id, adminId: 'admin-1' })).toEqual({ pending: 2 });
    expect(told.map((t) => t.handover)).toEqual([
      expect.objectContaining({ reason: 'moved', status: 'pending', suggested: expect.objectContaining({ id: colleague.id }) }),
      expect.objectContaining({ reason: 'moved', status: 'pending', suggested: expect.objectContaining({ id: colleague.id }) }),
    ]);
    // Still their agent meanwhile: requests go to them as before.
    expect((await send(c1.id)).request.agentId).toBe(busy.id);
    await answerHandover({ db, notify, customerId: c1.id, input: { answer: 'accept' } });
    await answerHandover({ db, notify, customerId: c2.id, input: { answer: 'choose_again' } });
    const ended = await db.binding.findMany({ where: { agentId: busy.id }, orderBy: { handoverAnswer: 'asc' } });
    expect(ended.map((b) => [b.endReason, b.handoverAnswer, b.handoverById])).toEqual([
      ['moved', 'accepted', 'admin-1'],
      ['moved', 'chose_again', 'admin-1'],
    ]);
    expect((await db.agent.findUniqueOrThrow({ where: { id: colleague.id } })).activeBindings).toBe(1);
  });

  it('the agent comes back before the customers answered: the question is withdrawn, they keep their agent', async () => {
    const leaving = await makeAgent(db, { capability: 90 });
    await makeAgent(db, { capability: 10 });
    const c = await customerIn('zh-CN');
    await bind(c.id, leaving.id);
    await leave(leaving.id);
    const back = await activateAgent({ db, notify, email: (await db.agent.findUniqueOrThrow({ where: { id: leaving.id } })).email });
    expect(back.keptCustomers).toBe(1);
    expect(told.at(-1)!.handover.status).toBe('cancelled');
    expect((await getMyAgent({ db, customerId: c.id })).handover).toBeNull();
    expect(await db.binding.findFirstOrThrow({ where: { customerId: c.id, endedAt: null } })).toMatchObject({ agentId: leaving.id, state: 'active' });
  });

  it('a suggestion lost in a crash after the leave is made when asked again (idempotent)', async () => {
    const leaving = await makeAgent(db, { capability: 90 });
    const next = await makeAgent(db, { capability: 10 });
    const c = await customerIn('zh-CN');
    await bind(c.id, leaving.id);
    await leave(leaving.id);
    await db.binding.updateMany({ where: { customerId: c.id, endedAt: null }, data: { handoverToAgentId: null } });
    expect(await offerHandovers({ db, notify, agentId: leaving.id })).toBe(1);
    expect(await offerHandovers({ db, notify, agentId: leaving.id })).toBe(0);
    expect((await getMyAgent({ db, customerId: c.id })).handover?.suggested?.id).toBe(next.id);
  });

  it('the mail speaks the customer language and names both agents', async () => {
    const view = (suggested: boolean): HandoverView => ({
      bindingId: 'b',
      reason: 'agent_left',
      status: 'pending',
      at: new Date().toISOString(),
      answeredAt: null,
      from: { name: 'Wang Fang', nameZh: '王芳' } as HandoverView['from'],
      suggested: suggested ? ({ name: 'Li Lei', nameZh: '李雷' } as HandoverView['from']) : null,
    });
    const zh = composeHandoverMail({ locale: 'zh-CN', customerName: '张三', link: 'https://x/?handover=1', handover: view(true) });
    expect(zh.subject).toContain('王芳');
    expect(zh.text).toContain('李雷');
    const en = composeHandoverMail({ locale: 'en', customerName: 'Ann', link: 'https://x/?handover=1', handover: view(false) });
    expect(en.text).toContain('Wang Fang');
    expect(en.text).toContain('Nobody is free');
    expect(en.html).toContain('href="https://x/?handover=1"');
  });
});
