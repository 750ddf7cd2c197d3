import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, makeAgent, makeCustomer } from '../../test/helpers/db.ts';
import type { Db } from '../db/client.ts';
import { silentNotifier } from '../events/dispatcher.ts';
import type { Notifier } from '../events/types.ts';
import { bindAgent } from '../binding/bind-agent.ts';
import { updateAgentSettings } from '../staff/agent-settings.ts';
import { deactivateAgent } from '../staff/deactivate-agent.ts';
import { bookCallback, listAgentCallbacks, listMyCallbacks, rescheduleCallback } from './book-callback.ts';
import { takeCover } from './offer-cover.ts';
import { changeAgentStatus } from '../staff/follow-presence.ts';
import { sendDueReminders } from './reminders.ts';
import type { CallbackView } from './callback-view.ts';

// The agent the call is booked with will not be there: the customer is told why and offered a cover
// who speaks their language and works then (rules: callback-cover.ts; table tests beside it).
let t: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let changes: { agentId: string; customerId: string; c: CallbackView }[];
const notify: Notifier = { ...silentNotifier, callbackChanged: (target, c) => changes.push({ ...target, c }) };

// Monday 2026-11-30 08:00 in Shanghai; default hours Mon–Fri 09:00–18:00 there. The call: 09:00.
const now = new Date('2026-11-30T00:00:00Z');
const nineAm = '2026-11-30T01:00:00.000Z';
const lead = 5 * 60_000;
const DEFAULT = { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' };
const AFTERNOONS = { days: [1, 2, 3, 4, 5], start: '13:00', end: '18:00' };

beforeEach(async () => {
  t = await createTestDb();
  db = t.db;
  changes = [];
});
afterEach(() => t.cleanup());

const bound = async (agentId: string, name = 'Zhang San') => {
  const customer = await makeCustomer(db, { name, phone: '+86 138 0013 8000' });
  await db.$transaction((tx) => bindAgent({ tx, customerId: customer.id, agentId }));
  return customer;
};

/** The exclusive agent, an English-speaking customer with a call at 09:00, and the possible covers. */
const setup = async () => {
  const mine = await makeAgent(db, { capability: 50, skills: ['refunds'] });
  const zhOnly = await makeAgent(db, { capability: 95, languages: ['zh-CN'] });
  // Offline now: it does not matter for a call that is not due yet; their hours do.
  const english = await makeAgent(db, { capability: 60, languages: ['en'], status: 'offline', connected: false });
  const nextEnglish = await makeAgent(db, { capability: 55, languages: ['en'] });
  const lateShift = await makeAgent(db, { capability: 90, languages: ['en'] });
  await db.agent.update({ where: { id: lateShift.id }, data: { workingHours: JSON.stringify({ days: [1, 2, 3, 4, 5], start: '14:00', end: '22:00' }) } });
  const customer = await bound(mine.id);
  const call = await bookCallback({ db, notify, customerId: customer.id, input: { at: nineAm }, now, locale: 'en' });
  changes = [];
  return { mine, zhOnly, english, nextEnglish, lateShift, customer, call };
};

const changeHours = (agentId: string, workingHours: typeof DEFAULT) => updateAgentSettings({ db, notify, agentId, input: { workingHours }, leadMs: lead, now });

describe('the agent changes their hours after a call was booked', () => {
  it('the customer is told at once and offered the best cover who speaks their language and works then; hours back → the notice goes', async () => {
    const { mine, english, customer, call } = await setup();
    await changeHours(mine.id, AFTERNOONS);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ agentId: mine.id, customerId: customer.id });
    expect(changes[0]!.c).toMatchObject({ id: call.id, agentAway: true, awayReason: 'off_hours', cover: { id: english.id, name: english.name }, agent: { id: mine.id } });
    // The customer's list says the same after a reload.
    expect((await listMyCallbacks({ db, customerId: customer.id, now }))[0]).toMatchObject({ awayReason: 'off_hours', cover: { id: english.id } });

    // The same hours again: nothing new to tell.
    await changeHours(mine.id, AFTERNOONS);
    expect(changes).toHaveLength(1);

    await changeHours(mine.id, DEFAULT);
    expect(changes).toHaveLength(2);
    expect(changes[1]!.c).toMatchObject({ id: call.id, agentAway: false, awayReason: null, cover: null });
  });

  it('a Chinese-speaking customer is offered a cover who speaks Chinese', async () => {
    const { mine, zhOnly, customer } = await setup();
    await db.customer.update({ where: { id: customer.id }, data: { locale: 'zh-CN' } });
    await changeHours(mine.id, AFTERNOONS);
    expect(changes[0]!.c.cover?.id).toBe(zhOnly.id);
  });

  it('nobody fits: told so, with no cover', async () => {
    const { mine, english, nextEnglish } = await setup();
    await db.agent.updateMany({ where: { id: { in: [english.id, nextEnglish.id] } }, data: { active: false } });
    await changeHours(mine.id, AFTERNOONS);
    expect(changes[0]!.c).toMatchObject({ agentAway: true, awayReason: 'off_hours', cover: null });
  });
});

describe('the agent leaves the team', () => {
  it('each customer with a call booked with them is told at once, with a cover', async () => {
    const { mine, english, customer, call } = await setup();
    await deactivateAgent({ db, notify, email: mine.email, now });
    expect(changes).toEqual([{ agentId: mine.id, customerId: customer.id, c: expect.objectContaining({ id: call.id, awayReason: 'agent_left', cover: expect.objectContaining({ id: english.id }) }) }]);
  });
});

describe('the customer takes the cover', () => {
  it('the call moves to the cover (both consoles hear it), the binding stays', async () => {
    const { mine, english, customer, call } = await setup();
    await changeHours(mine.id, AFTERNOONS);
    changes = [];
    const taken = await takeCover({ db, notify, id: call.id, customerId: customer.id, now, leadMs: lead });
    expect(taken).toMatchObject({ id: call.id, status: 'booked', at: nineAm, agent: { id: english.id }, agentAway: false, cover: null });
    expect(changes.map((c) => c.agentId).sort()).toEqual([mine.id, english.id].sort());
    expect((await listAgentCallbacks({ db, agentId: english.id, now })).map((c) => c.id)).toEqual([call.id]);
    expect(await listAgentCallbacks({ db, agentId: mine.id, now })).toEqual([]);
    const binding = await db.binding.findFirstOrThrow({ where: { customerId: customer.id, endedAt: null } });
    expect(binding.agentId).toBe(mine.id);
    // Taken once: there is nothing to take any more.
    await expect(takeCover({ db, notify, id: call.id, customerId: customer.id, now, leadMs: lead })).rejects.toMatchObject({ code: 'conflict', field: 'cover' });
  });

  it('a covered call the customer moves goes back to their own agent at the new time; the cover’s console drops it', async () => {
    const { mine, english, customer, call } = await setup();
    await changeHours(mine.id, AFTERNOONS);
    await takeCover({ db, notify, id: call.id, customerId: customer.id, now, leadMs: lead });
    changes = [];
    const onePm = '2026-11-30T05:00:00.000Z'; // 13:00 in Shanghai: inside the new hours
    const moved = await rescheduleCallback({ db, notify, id: call.id, by: { customerId: customer.id }, input: { at: onePm }, now });
    expect(moved).toMatchObject({ at: onePm, agent: { id: mine.id }, agentAway: false, cover: null });
    expect(changes.map((c) => c.agentId).sort()).toEqual([mine.id, english.id].sort());
    expect(await listAgentCallbacks({ db, agentId: english.id, now })).toEqual([]);
  });

  it('the cover got booked at that time meanwhile: 409, and the next cover is offered', async () => {
    const { mine, english, nextEnglish, customer, call } = await setup();
    await changeHours(mine.id, AFTERNOONS);
    const other = await bound(english.id, 'Li Si');
    await bookCallback({ db, notify, customerId: other.id, input: { at: nineAm }, now });
    changes = [];
    await expect(takeCover({ db, notify, id: call.id, customerId: customer.id, now, leadMs: lead })).rejects.toMatchObject({ code: 'conflict', field: 'cover' });
    expect(changes.at(-1)!.c).toMatchObject({ id: call.id, agentAway: true, cover: { id: nextEnglish.id } });
    expect((await takeCover({ db, notify, id: call.id, customerId: customer.id, now, leadMs: lead })).agent.id).toBe(nextEnglish.id);
  });

  it('only the customer whose call it is, and only while one is offered', async () => {
    const { customer, call } = await setup();
    await expect(takeCover({ db, notify, id: call.id, customerId: customer.id, now, leadMs: lead })).rejects.toMatchObject({ code: 'conflict', field: 'cover' });
    const stranger = await makeCustomer(db, { name: 'Wang Wu' });
    await expect(takeCover({ db, notify, id: call.id, customerId: stranger.id, now, leadMs: lead })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('the agent is away when the call is due', () => {
  it('the sweep tells the customer once, with a cover who is available now', async () => {
    const { mine, nextEnglish, customer, call } = await setup();
    await db.agent.update({ where: { id: mine.id }, data: { status: 'away' } });
    const due = new Date(new Date(nineAm).getTime() - 2 * 60_000);
    const first = await sendDueReminders({ db, notify, now: due, leadMs: lead });
    const again = await sendDueReminders({ db, notify, now: due, leadMs: lead });
    expect(first.awayTold).toEqual([call.id]);
    expect(again.awayTold).toEqual([]);
    // `english` works then but is offline now: a due call needs someone available now.
    expect(changes).toEqual([{ agentId: mine.id, customerId: customer.id, c: expect.objectContaining({ agentAway: true, awayReason: 'agent_away', cover: expect.objectContaining({ id: nextEnglish.id }) }) }]);

    // Back online before the call: the notice is withdrawn (it is no longer true), the call stays theirs.
    changes = [];
    await changeAgentStatus({ db, notify, agentId: mine.id, status: 'online', now: due });
    expect(changes).toEqual([{ agentId: mine.id, customerId: customer.id, c: expect.objectContaining({ id: call.id, agentAway: false, awayReason: null, cover: null, agent: expect.objectContaining({ id: mine.id }) }) }]);
  });
});
