import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, interleaved, makeAgent, makeCustomer } from '../../test/helpers/db.ts';
import { createDb, type Db } from '../db/client.ts';
import { silentNotifier } from '../events/dispatcher.ts';
import type { Notifier } from '../events/types.ts';
import { bindAgent } from '../binding/bind-agent.ts';
import { bookCallback, cancelCallback, listAgentCallbacks, listFreeSlots, recordOutcome, rescheduleCallback } from './book-callback.ts';
import { isReminderDue, sendDueReminders } from './reminders.ts';
import type { CallbackView } from './callback-view.ts';

let t: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let changes: { agentId: string; customerId: string; c: CallbackView }[];
let due: { agentId: string; c: CallbackView }[];
const notify: Notifier = {
  ...silentNotifier,
  callbackChanged: (target, c) => changes.push({ ...target, c }),
  callbackDue: (agentId, c) => due.push({ agentId, c }),
};

// Monday 2026-11-30 08:00 Shanghai; the seeded default hours are 09:00–18:00 Mon–Fri there.
const now = new Date('2026-11-30T00:00:00Z');
const nineAm = '2026-11-30T01:00:00.000Z';
const min = 60_000;

beforeEach(async () => {
  t = await createTestDb();
  db = t.db;
  changes = [];
  due = [];
});
afterEach(() => t.cleanup());

const boundPair = async (phone: string | undefined = '+86 138 0013 8000') => {
  const agent = await makeAgent(db, { capability: 50 });
  const customer = await makeCustomer(db, { phone });
  await db.$transaction((tx) => bindAgent({ tx, customerId: customer.id, agentId: agent.id }));
  return { agent, customer };
};

const errorOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return err as { code: string; field?: string; status?: number };
  }
  throw new Error('expected a refusal');
};

describe('booking a callback with the exclusive agent', () => {
  it('books a free slot, prefills the phone from the contact, and tells the agent’s consoles', async () => {
    const { agent, customer } = await boundPair();
    const view = await bookCallback({ db, notify, customerId: customer.id, input: { at: nineAm, note: 'about my parcel', timeZone: 'Europe/Paris' }, now });
    expect(view).toMatchObject({ at: nineAm, phone: '+86 138 0013 8000', note: 'about my parcel', status: 'booked', timeZone: 'Europe/Paris', agent: { id: agent.id } });
    expect(changes).toEqual([{ agentId: agent.id, customerId: customer.id, c: view }]);
    expect((await listAgentCallbacks({ db, agentId: agent.id, now })).map((c) => c.id)).toEqual([view.id]);
    const free = await listFreeSlots({ db, customerId: customer.id, now });
    expect(free.timeZone).toBe('Asia/Shanghai');
    expect(free.slots).not.toContain(nineAm);
    expect(free.slots[0]).toBe('2026-11-30T01:30:00.000Z');
  });

  it('refuses a time in the past, outside the working hours or off the slot grid, naming `at`', async () => {
    const { customer } = await boundPair();
    for (const at of ['2026-11-29T01:00:00Z', '2026-11-30T11:00:00Z', '2026-11-30T01:10:00Z', '2026-12-05T01:00:00Z', 'tomorrow']) {
      const err = await errorOf(bookCallback({ db, notify, customerId: customer.id, input: { at }, now }));
      expect(err.status ?? 400, at).toBe(400);
      expect(JSON.stringify(err), at).toContain('at');
    }
    expect(await db.callback.count()).toBe(0);
  });

  it('refuses to double-book the agent’s slot, also when two bookings race', async () => {
    const { agent, customer } = await boundPair();
    const other = await makeCustomer(db, { phone: '+86 139 0000 0000' });
    await db.$transaction((tx) => bindAgent({ tx, customerId: other.id, agentId: agent.id }));
    const results = await Promise.allSettled([
      bookCallback({ db, notify, customerId: customer.id, input: { at: nineAm }, now }),
      bookCallback({ db, notify, customerId: other.id, input: { at: nineAm }, now }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'conflict', field: 'at' });
    expect(await db.callback.count({ where: { agentId: agent.id, status: 'booked' } })).toBe(1);
  });

  it('a cancelled slot can be booked again; without a phone anywhere the booking names `phone`', async () => {
    const { agent, customer } = await boundPair();
    const first = await bookCallback({ db, notify, customerId: customer.id, input: { at: nineAm }, now });
    await cancelCallback({ db, notify, id: first.id, customerId: customer.id });
    const again = await bookCallback({ db, notify, customerId: customer.id, input: { at: nineAm }, now });
    expect(again.status).toBe('booked');
    const noPhone = await makeCustomer(db, { email: 'x@example.com' });
    await db.$transaction((tx) => bindAgent({ tx, customerId: noPhone.id, agentId: agent.id }));
    expect(await errorOf(bookCallback({ db, notify, customerId: noPhone.id, input: { at: '2026-11-30T02:00:00Z' }, now }))).toMatchObject({ field: 'phone' });
    expect(await errorOf(bookCallback({ db, notify, customerId: noPhone.id, input: { at: '2026-11-30T02:00:00Z', phone: 'call me' }, now }))).toBeTruthy();
  });

  it('the agent reschedules with a note the customer sees, then marks it done; a closed call cannot be changed', async () => {
    const { agent, customer } = await boundPair();
    const b = await bookCallback({ db, notify, customerId: customer.id, input: { at: nineAm }, now });
    const moved = await rescheduleCallback({ db, notify, id: b.id, by: { agentId: agent.id }, input: { at: '2026-12-01T06:00:00Z', note: 'In a meeting then, sorry' }, now });
    expect(moved).toMatchObject({ at: '2026-12-01T06:00:00.000Z', previousAt: nineAm, agentNote: 'In a meeting then, sorry', changedBy: 'agent', status: 'booked' });
    expect(changes.at(-1)).toMatchObject({ customerId: customer.id, c: { id: b.id, agentNote: 'In a meeting then, sorry' } });
    const done = await recordOutcome({ db, notify, id: b.id, agentId: agent.id, input: { outcome: 'no_answer', note: 'Rang twice' } });
    expect(done).toMatchObject({ status: 'no_answer', agentNote: 'Rang twice' });
    expect(await errorOf(recordOutcome({ db, notify, id: b.id, agentId: agent.id, input: { outcome: 'done' } }))).toMatchObject({ code: 'conflict' });
    expect(await errorOf(recordOutcome({ db, notify, id: b.id, agentId: agent.id, input: { outcome: 'maybe' } }))).toBeTruthy();
  });

  it('another agent cannot touch the call', async () => {
    const { customer } = await boundPair();
    const stranger = await makeAgent(db, { capability: 10 });
    const b = await bookCallback({ db, notify, customerId: customer.id, input: { at: nineAm }, now });
    expect(await errorOf(recordOutcome({ db, notify, id: b.id, agentId: stranger.id, input: { outcome: 'done' } }))).toMatchObject({ code: 'not_found' });
  });
});

describe('reminders from stored times (injected clock)', () => {
  const lead = 5 * min;
  const at = new Date(nineAm);

  it('isReminderDue: from the lead time before the call until an hour after, once, booked only', () => {
    const c = { status: 'booked', at, remindedAt: null };
    expect(isReminderDue(c, new Date(at.getTime() - lead - 1), lead)).toBe(false);
    expect(isReminderDue(c, new Date(at.getTime() - lead), lead)).toBe(true);
    expect(isReminderDue(c, new Date(at.getTime() + 59 * min), lead)).toBe(true);
    expect(isReminderDue(c, new Date(at.getTime() + 60 * min), lead)).toBe(false);
    expect(isReminderDue({ ...c, remindedAt: now }, at, lead)).toBe(false);
    expect(isReminderDue({ ...c, status: 'cancelled' }, at, lead)).toBe(false);
  });

  it('fires each reminder once: not early, once when due, never again — also after a restart and with two sweeps racing', async () => {
    const { agent, customer } = await boundPair();
    const b = await bookCallback({ db, notify, customerId: customer.id, input: { at: nineAm }, now });
    expect((await sendDueReminders({ db, notify, now: new Date(at.getTime() - 6 * min), leadMs: lead })).reminded).toEqual([]);
    // Two instances (two clients on the same file) sweep at the same moment.
    const second = createDb(t.url);
    const racing = await Promise.all([
      sendDueReminders({ db, notify, now: new Date(at.getTime() - 4 * min), leadMs: lead }),
      sendDueReminders({ db: second, notify, now: new Date(at.getTime() - 4 * min), leadMs: lead }),
    ]);
    expect(racing.flatMap((r) => r.reminded)).toEqual([b.id]);
    expect(due).toEqual([{ agentId: agent.id, c: expect.objectContaining({ id: b.id }) }]);
    // "Restart": a fresh client reads only what is stored.
    const restarted = createDb(t.url);
    expect((await sendDueReminders({ db: restarted, notify, now: new Date(at.getTime() - 1 * min), leadMs: lead })).reminded).toEqual([]);
    await Promise.all([second.$disconnect(), restarted.$disconnect()]);
    expect(due).toHaveLength(1);
  });

  it('a rescheduled call is reminded again for its new time', async () => {
    const { agent, customer } = await boundPair();
    const b = await bookCallback({ db, notify, customerId: customer.id, input: { at: nineAm }, now });
    await sendDueReminders({ db, notify, now: new Date(at.getTime() - 2 * min), leadMs: lead });
    await rescheduleCallback({ db, notify, id: b.id, by: { customerId: customer.id }, input: { at: '2026-11-30T02:00:00Z' }, now: new Date(at.getTime() - 2 * min) });
    await sendDueReminders({ db, notify, now: new Date('2026-11-30T01:56:00Z'), leadMs: lead });
    expect(due.map((d) => [d.agentId, d.c.at])).toEqual([
      [agent.id, nineAm],
      [agent.id, '2026-11-30T02:00:00.000Z'],
    ]);
  });

  it('an agent who is away at the time: the customer is told once, with the call still booked', async () => {
    const { agent, customer } = await boundPair();
    const b = await bookCallback({ db, notify, customerId: customer.id, input: { at: nineAm }, now });
    await db.agent.update({ where: { id: agent.id }, data: { status: 'away' } });
    changes = [];
    const first = await sendDueReminders({ db, notify, now: new Date(at.getTime() - 3 * min), leadMs: lead });
    const again = await sendDueReminders({ db, notify, now: new Date(at.getTime() - 1 * min), leadMs: lead });
    expect(first.awayTold).toEqual([b.id]);
    expect(again.awayTold).toEqual([]);
    expect(changes).toEqual([{ agentId: agent.id, customerId: customer.id, c: expect.objectContaining({ id: b.id, agentAway: true, status: 'booked' }) }]);
  });

  it('an available agent: nobody is told they are away', async () => {
    const { customer } = await boundPair();
    await bookCallback({ db, notify, customerId: customer.id, input: { at: nineAm }, now });
    changes = [];
    expect((await sendDueReminders({ db, notify, now: at, leadMs: lead })).awayTold).toEqual([]);
    expect(changes).toEqual([]);
  });
});

describe('closing a call that another tab closes at the same moment (issue 26)', () => {
  it.each([
    ['the customer cancels while the agent records it as done', 'cancel', 'done'],
    ['the agent records it as done while the customer cancels', 'outcome', 'cancelled'],
    ['the customer moves it while the agent records it as done', 'reschedule', 'done'],
  ] as const)('%s between the read and the write: the first close stands, the other is told (409)', async (_name, action, stands) => {
    const { agent, customer } = await boundPair();
    const view = await bookCallback({ db, notify, customerId: customer.id, input: { at: nineAm }, now });
    const other = () =>
      stands === 'done'
        ? db.callback.update({ where: { id: view.id }, data: { status: 'done', changedBy: 'agent' } })
        : db.callback.update({ where: { id: view.id }, data: { status: 'cancelled', changedBy: 'customer' } });
    const racing = interleaved(db, 'callback', 'findUnique', other);
    const attempt =
      action === 'cancel'
        ? cancelCallback({ db: racing, notify, id: view.id, customerId: customer.id })
        : action === 'outcome'
          ? recordOutcome({ db: racing, notify, id: view.id, agentId: agent.id, input: { outcome: 'no_answer' } })
          : rescheduleCallback({ db: racing, notify, id: view.id, by: { customerId: customer.id }, input: { at: '2026-11-30T02:00:00.000Z' }, now });
    expect(await errorOf(attempt)).toMatchObject({ code: 'conflict', field: 'id' });
    expect(await db.callback.findUniqueOrThrow({ where: { id: view.id } })).toMatchObject({ status: stands, at: new Date(nineAm) });
  });
});
