import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { phoneSchema } from '../customers/contact.ts';
import type { CallbackEvents } from './events.ts';
import { CALLBACK_INCLUDE, loadCallbackView, toCallbackView, toCallbackViews, type CallbackView } from './callback-view.ts';
import { isSlot, isTimeZone, listSlots, parseWorkingHours } from './slots.ts';
import { freeText } from '../validation/text.ts';
import { withRowLock } from '../db/row-lock.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { findActiveBinding } from '../binding/get-active-binding.ts';

/** A customer holds at most this many upcoming callbacks: enough to plan, too few to hoard an agent's week. */
export const MAX_UPCOMING_PER_CUSTOMER = 3;

const atSchema = z.iso.datetime({ offset: true, error: 'must be a date and time such as 2026-12-01T09:30:00+08:00' }).transform((s) => new Date(s));

export const bookingSchema = z.object({
  at: atSchema,
  phone: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), phoneSchema.optional()),
  note: freeText(500).optional().default(''),
  timeZone: z.string().max(64).refine(isTimeZone, 'must be a time zone such as Asia/Shanghai').optional(),
});

const boundAgentOf = async (db: Db, customerId: string) => {
  const b = await findActiveBinding(db, customerId, { include: { agent: true } });
  if (!b) throw new AppError('no_binding', 'Choose your exclusive agent first; callbacks are booked with them.', 'agent');
  return b;
};

const takenSlots = async (db: Db, agentId: string, now: Date) =>
  (await db.callback.findMany({ where: { agentId, status: 'booked', at: { gt: now } }, select: { at: true } })).map((c) => c.at);

const freeSlotsOf = async (db: Db, agent: { id: string; workingHours: string; timeZone: string }, now: Date) => {
  const hours = parseWorkingHours(agent.workingHours);
  const slots = listSlots({ hours, timeZone: agent.timeZone, now, taken: await takenSlots(db, agent.id, now) });
  return { timeZone: agent.timeZone, hours, slots: slots.map((s) => s.toISOString()) };
};

/** The free slots of the customer's exclusive agent over the next days, and the agent's zone. */
export const listFreeSlots = async (opts: { db: Db; customerId: string; now?: Date }) =>
  freeSlotsOf(opts.db, (await boundAgentOf(opts.db, opts.customerId)).agent, opts.now ?? new Date());

/** The agent's own free slots (to move a call to). */
export const listAgentFreeSlots = async (opts: { db: Db; agentId: string; now?: Date }) =>
  freeSlotsOf(opts.db, await opts.db.agent.findUniqueOrThrow({ where: { id: opts.agentId } }), opts.now ?? new Date());

/** A cancel, an outcome or a move that lost to another one made at the same moment: the call as stored wins. */
const closedMeanwhile = () => new AppError('conflict', 'This call was just changed. Please look at it again.', 'id');

const slotTaken = () => new AppError('conflict', 'Someone just booked that time. Please pick another.', 'at');

const checkSlot = (agent: { workingHours: string; timeZone: string }, at: Date, now: Date) => {
  if (at.getTime() <= now.getTime()) throw new AppError('invalid_input', 'at: that time has passed; pick one of the free times.', 'at');
  if (!isSlot({ hours: parseWorkingHours(agent.workingHours), timeZone: agent.timeZone, now, at })) {
    throw new AppError('invalid_input', "at: pick one of the free times in your agent's working hours (the next 7 days).", 'at');
  }
};

/** Books a call-back with the customer's exclusive agent; the agent's consoles hear it at once. */
export const bookCallback = async (opts: { db: Db; notify: CallbackEvents; customerId: string; input: unknown; now?: Date; locale?: string }): Promise<CallbackView> => {
  const now = opts.now ?? new Date();
  const input = bookingSchema.parse(opts.input);
  const binding = await boundAgentOf(opts.db, opts.customerId);
  checkSlot(binding.agent, input.at, now);
  const customer = await opts.db.customer.findUniqueOrThrow({ where: { id: opts.customerId } });
  const phone = input.phone ?? binding.contactPhone ?? customer.phone;
  if (!phone) throw new AppError('invalid_input', 'phone: give the number your agent should call.', 'phone');
  // Mail about this call speaks the language the customer booked it in.
  if (opts.locale && opts.locale !== customer.locale) await opts.db.customer.update({ where: { id: customer.id }, data: { locale: opts.locale } });
  try {
    // Count, then book, as one step holding the customer's row lock, so two bookings at once cannot
    // both slip under the limit; the slot itself is kept by a partial unique index (agent, time, booked).
    const row = await withRowLock(opts.db, { table: 'Customer', id: opts.customerId }, async (tx) => {
      const upcoming = await tx.callback.count({ where: { customerId: opts.customerId, status: 'booked', at: { gt: now } } });
      if (upcoming >= MAX_UPCOMING_PER_CUSTOMER) {
        throw new AppError('conflict', `You already have ${upcoming} calls booked. Cancel or move one first.`, 'at');
      }
      return tx.callback.create({
        data: { customerId: opts.customerId, agentId: binding.agentId, at: input.at, phone, note: input.note, timeZone: input.timeZone ?? 'UTC', changedBy: 'customer' },
        include: CALLBACK_INCLUDE,
      });
    });
    const view = toCallbackView(row);
    opts.notify.callbackChanged({ agentId: row.agentId, customerId: row.customerId }, view);
    return view;
  } catch (err) {
    if (isUniqueViolation(err)) throw slotTaken();
    throw err;
  }
};

export const listMyCallbacks = async (opts: { db: Db; customerId: string; now?: Date }): Promise<CallbackView[]> => {
  const now = opts.now ?? new Date();
  const rows = await opts.db.callback.findMany({
    // Upcoming ones and what happened in the last week.
    where: { customerId: opts.customerId, at: { gt: new Date(now.getTime() - 7 * 86_400_000) } },
    include: CALLBACK_INCLUDE,
    orderBy: { at: 'asc' },
  });
  return toCallbackViews(opts.db, rows);
};

/** The agent's "upcoming calls": booked ones from an hour ago on (a late call still counts), soonest first. */
export const listAgentCallbacks = async (opts: { db: Db; agentId: string; now?: Date }): Promise<CallbackView[]> => {
  const now = opts.now ?? new Date();
  const rows = await opts.db.callback.findMany({
    where: { agentId: opts.agentId, status: 'booked', at: { gt: new Date(now.getTime() - 3600_000) } },
    include: CALLBACK_INCLUDE,
    orderBy: { at: 'asc' },
    take: 200,
  });
  return toCallbackViews(opts.db, rows);
};

type Who = { customerId: string } | { agentId: string };

const loadBooked = async (db: Db, id: string, who: Who) => {
  const row = await db.callback.findUnique({ where: { id } });
  const mine = row && ('customerId' in who ? row.customerId === who.customerId : row.agentId === who.agentId);
  if (!row || !mine) throw new AppError('not_found', 'No such call among yours.', 'id');
  if (row.status !== 'booked') throw new AppError('conflict', 'This call is already closed.', 'id');
  return row;
};

const changed = async (db: Db, notify: CallbackEvents, id: string) => {
  const view = await loadCallbackView(db, id);
  notify.callbackChanged({ agentId: view.agent.id, customerId: view.customer.id }, view);
  return view;
};

export const rescheduleSchema = z.object({
  at: atSchema,
  note: freeText(500).optional(),
});

/**
 * Moves a booked call to another free slot of the same agent (by the customer or the agent, whose
 * note the customer sees). The reminder and the "agent away" notice (and any cover offered) start
 * over for the new time.
 */
export const rescheduleCallback = async (opts: { db: Db; notify: CallbackEvents; id: string; by: Who; input: unknown; now?: Date }): Promise<CallbackView> => {
  const now = opts.now ?? new Date();
  const input = rescheduleSchema.parse(opts.input);
  const row = await loadBooked(opts.db, opts.id, opts.by);
  const byAgent = 'agentId' in opts.by;
  // The customer picks among their exclusive agent's times (the slots they are shown): a call a cover
  // had taken goes back to their own agent at the new time.
  const binding = byAgent ? null : await findActiveBinding(opts.db, row.customerId, { select: { agentId: true } });
  const agent = await opts.db.agent.findUniqueOrThrow({ where: { id: binding?.agentId ?? row.agentId } });
  checkSlot(agent, input.at, now);
  try {
    // Only over the call as read: still booked with the same agent (a cancel, an outcome or a cover taken
    // meanwhile is not undone by this move).
    const { count } = await opts.db.callback.updateMany({
      where: { id: row.id, status: 'booked', agentId: row.agentId },
      data: {
        agentId: agent.id,
        at: input.at,
        previousAt: row.at,
        changedBy: byAgent ? 'agent' : 'customer',
        remindedAt: null,
        awayToldAt: null,
        awayReason: null,
        coverAgentId: null,
        ...(byAgent && input.note !== undefined ? { agentNote: input.note || null } : {}),
      },
    });
    if (count !== 1) throw closedMeanwhile();
  } catch (err) {
    if (isUniqueViolation(err)) throw slotTaken();
    throw err;
  }
  const view = await changed(opts.db, opts.notify, row.id);
  // The cover who had it loses it from their upcoming calls.
  if (agent.id !== row.agentId) opts.notify.callbackChanged({ agentId: row.agentId, customerId: row.customerId }, view);
  return view;
};

export const cancelCallback = async (opts: { db: Db; notify: CallbackEvents; id: string; customerId: string }): Promise<CallbackView> => {
  const row = await loadBooked(opts.db, opts.id, { customerId: opts.customerId });
  const { count } = await opts.db.callback.updateMany({ where: { id: row.id, status: 'booked' }, data: { status: 'cancelled', changedBy: 'customer' } });
  if (count !== 1) throw closedMeanwhile();
  return changed(opts.db, opts.notify, row.id);
};

export const outcomeSchema = z.object({
  outcome: z.enum(['done', 'no_answer'], { error: 'must be done or no_answer' }),
  note: freeText(500).optional(),
});

/** The agent closes a call: done, or no answer (the customer sees the note and can book again). */
export const recordOutcome = async (opts: { db: Db; notify: CallbackEvents; id: string; agentId: string; input: unknown }): Promise<CallbackView> => {
  const input = outcomeSchema.parse(opts.input);
  const row = await loadBooked(opts.db, opts.id, { agentId: opts.agentId });
  const { count } = await opts.db.callback.updateMany({
    where: { id: row.id, status: 'booked', agentId: opts.agentId },
    data: { status: input.outcome, changedBy: 'agent', ...(input.note !== undefined ? { agentNote: input.note || null } : {}) },
  });
  if (count !== 1) throw closedMeanwhile();
  return changed(opts.db, opts.notify, row.id);
};

export { listSlots };
