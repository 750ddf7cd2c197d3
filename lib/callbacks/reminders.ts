import type { Db } from '../db/client.ts';
import type { CallbackEvents } from './events.ts';
import { CALLBACK_INCLUDE, toCallbackView } from './callback-view.ts';
import { CALL_AGENT_SELECT, reviewCall, toCallAgent } from './offer-cover.ts';

/** A reminder later than this after the call's time is pointless: the call is missed, not due. */
export const LATE_LIMIT_MS = 60 * 60_000;

/** Pure: is this booked call's reminder due at `now` (and not yet sent)? */
export const isReminderDue = (c: { status: string; at: Date; remindedAt: Date | null }, now: Date, leadMs: number): boolean =>
  c.status === 'booked' && c.remindedAt === null && c.at.getTime() - leadMs <= now.getTime() && now.getTime() - c.at.getTime() < LATE_LIMIT_MS;

/**
 * Sends the reminders that are due, each exactly once: a reminder is claimed by writing `remindedAt`
 * only where it is still empty, so a restart or a second instance running the same sweep sends
 * nothing twice. At the same moment, if the agent is not available (away, offline, no console), the
 * customer is told once, with who can make the call instead if anyone (lib/callbacks/offer-cover.ts),
 * so they can take that cover, move the call, or write a request now.
 */
export const sendDueReminders = async (opts: { db: Db; notify: CallbackEvents; now: Date; leadMs: number }): Promise<{ reminded: string[]; awayTold: string[] }> => {
  const { db, now, leadMs } = opts;
  const window = { lte: new Date(now.getTime() + leadMs), gt: new Date(now.getTime() - LATE_LIMIT_MS) };
  const due = await db.callback.findMany({
    where: { status: 'booked', at: window, OR: [{ remindedAt: null }, { awayToldAt: null }] },
    include: { ...CALLBACK_INCLUDE, agent: { select: { name: true, nameZh: true, ...CALL_AGENT_SELECT } }, customer: { select: { id: true, name: true, locale: true } } },
    orderBy: { at: 'asc' },
    take: 200,
  });
  const reminded: string[] = [];
  const awayTold: string[] = [];
  for (const c of due) {
    if (isReminderDue(c, now, leadMs)) {
      const claimed = await db.callback.updateMany({ where: { id: c.id, remindedAt: null, status: 'booked' }, data: { remindedAt: now } });
      if (claimed.count === 1) {
        reminded.push(c.id);
        opts.notify.callbackDue(c.agentId, toCallbackView({ ...c, remindedAt: now }));
      }
    }
    if (c.awayToldAt === null) {
      const told = await reviewCall({ db, notify: opts.notify, call: c, bound: toCallAgent(c.agent), now, leadMs, once: true });
      if (told) awayTold.push(c.id);
    }
  }
  return { reminded, awayTold };
};
