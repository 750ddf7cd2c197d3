import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import type { RequestEvents } from './events.ts';
import type { ThreadReadView } from './request-view.ts';
import { isUniqueViolation } from '../db/errors.ts';

/**
 * Read receipts: how far the handling agent has read a request's thread, stored per agent and
 * request, so unread counts survive a reload and another tab, and the customer sees "read" the
 * moment their agent opens the conversation (`service-request:read`, live).
 *
 * The console sends the time of the newest customer message it has put on screen (`upTo`), not
 * "now": a message that arrives while the read is on its way stays unread. The mark only moves on.
 */

export const readInputSchema = z.object({
  id: z.string({ error: 'is required' }).min(1, 'is required'),
  upTo: z.iso.datetime({ offset: true, error: 'must be an ISO date-time' }),
});

/** Moves the agent's read mark on `upTo` (never back, never past now) and tells both sides when it moved. */
export const markThreadRead = async (opts: { db: Db; notify: RequestEvents; agentId: string; input: unknown; now?: Date }): Promise<ThreadReadView> => {
  const { id, upTo } = readInputSchema.parse(opts.input);
  const { db, agentId } = opts;
  const now = opts.now ?? new Date();
  const r = await db.serviceRequest.findUnique({ where: { id }, select: { id: true, agentId: true, customerId: true } });
  // Only the agent who has it can read it; anyone else's request answers like a missing one.
  if (!r || r.agentId !== agentId) throw new AppError('not_found', 'No such request.', 'id');
  const at = new Date(Math.min(Date.parse(upTo), now.getTime()));

  const moveOn = () => db.threadRead.updateMany({ where: { requestId: id, agentId, upTo: { lt: at } }, data: { upTo: at, readAt: now } });
  let moved = (await moveOn()).count > 0;
  if (!moved) {
    const existing = await db.threadRead.findUnique({ where: { requestId_agentId: { requestId: id, agentId } } });
    if (existing) return { id, readUpTo: existing.upTo.toISOString() };
    try {
      await db.threadRead.create({ data: { requestId: id, agentId, upTo: at, readAt: now } });
      moved = true;
    } catch (err) {
      // Another tab of the same agent created it first: move that one on instead.
      if (!isUniqueViolation(err)) throw err;
      moved = (await moveOn()).count > 0;
    }
  }
  const stored = await db.threadRead.findUnique({ where: { requestId_agentId: { requestId: id, agentId } }, select: { upTo: true } });
  const view = { id, readUpTo: (stored?.upTo ?? at).toISOString() };
  if (moved) opts.notify.threadRead({ agentId, customerId: r.customerId }, view);
  return view;
};

/** The customer's view: the furthest any agent who handled it has read (null: nobody yet). */
export const READS_FOR_CUSTOMER = { select: { upTo: true }, orderBy: { upTo: 'desc' as const }, take: 1 };

/** The agent's own mark, for the console's unread counts after a reload. */
export const readsOf = (agentId: string) => ({ where: { agentId }, select: { upTo: true }, take: 1 });

export const readUpToOf = (reads: { upTo: Date }[] | undefined): string | null => reads?.[0]?.upTo.toISOString() ?? null;
