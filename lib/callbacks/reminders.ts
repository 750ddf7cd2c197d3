import type { Db } from '../db/client.ts';
import { availabilityOf } from '../agents/presence.ts';
import type { Notifier } from '../requests/notifier.ts';
import { CALLBACK_INCLUDE, toCallbackView } from './callback-view.ts';

/** A reminder later than this after the call's time is pointless: the call is missed, not due. */
export const LATE_LIMIT_MS = 60 * 60_000;

/** Pure: is this booked call's reminder due at `now` (and not yet sent)? */
export const isReminderDue = (c: { status: string; at: Date; remindedAt: Date | null }, now: Date, leadMs: number): boolean =>
  c.status === 'booked' && c.remindedAt === null && c.at.getTime() - leadMs <= now.getTime() && now.getTime() - c.at.getTime() < LATE_LIMIT_MS;

/**
 * Sends the reminders that are due, each exactly once: a reminder is claimed by writing `remindedAt`
 * only where it is still empty, so a restart or a second instance running the same sweep sends
 * nothing twice. At the same moment, if the agent is not available (away, offline, no console), the
 * customer is told once, so they can move the call or ask someone else.
 */
export const sendDueReminders = async (opts: { db: Db; notify: Notifier; now: Date; leadMs: number }): Promise<{ reminded: string[]; awayTold: string[] }> => {
  const { db, now, leadMs } = opts;
  const window = { lte: new Date(now.getTime() + leadMs), gt: new Date(now.getTime() - LATE_LIMIT_MS) };
  const due = await db.callback.findMany({
    where: { status: 'booked', at: window, OR: [{ remindedAt: null }, { awayToldAt: null }] },
    include: { ...CALLBACK_INCLUDE, agent: { select: { id: true, name: true, nameZh: true, active: true, status: true, connected: true } } },
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
    if (c.awayToldAt === null && !availabilityOf(c.agent).available) {
      const claimed = await db.callback.updateMany({ where: { id: c.id, awayToldAt: null, status: 'booked' }, data: { awayToldAt: now } });
      if (claimed.count === 1) {
        awayTold.push(c.id);
        opts.notify.callbackChanged({ agentId: c.agentId, customerId: c.customerId }, toCallbackView({ ...c, awayToldAt: now }));
      }
    }
  }
  return { reminded, awayTold };
};
