import { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { Customer, Rating } from '../db/generated/sqlite/client.ts';
import { AppError } from '../errors.ts';
import type { RatingEvents } from './events.ts';
import type { RatingView } from './rating-view.ts';
import { freeText } from '../validation/text.ts';
import { isUniqueViolation } from '../db/errors.ts';

/** A rating can be changed for a day after it was first given; then it stands. */
export const RATING_EDIT_WINDOW_MS = 24 * 3600_000;

export const ratingSchema = z.object({
  stars: z.number({ error: 'must be a whole number from 1 to 5' }).int('must be a whole number from 1 to 5').min(1, 'must be at least 1').max(5, 'must be at most 5'),
  comment: freeText(1000)
    .optional()
    .transform((c) => (c ? c : null)),
});

export const toRatingView = (r: Rating & { customer: Pick<Customer, 'id' | 'name'> }, edited = false): RatingView => ({
  id: r.id,
  requestId: r.requestId,
  agentId: r.agentId,
  stars: r.stars,
  comment: r.comment,
  customer: { id: r.customer.id, name: r.customer.name },
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  editableUntil: new Date(r.createdAt.getTime() + RATING_EDIT_WINDOW_MS).toISOString(),
  edited,
});

/**
 * A customer rates one of their resolved requests, 1–5 stars with an optional comment. The rating
 * goes to the agent who handled the request. Once per request: asking again within 24 h changes it,
 * later it is refused. The agent's running totals change in the same transaction as the rating.
 */
export const rateRequest = async (opts: {
  db: Db;
  notify: RatingEvents;
  customerId: string;
  requestId: string;
  input: unknown;
  now?: Date;
}): Promise<{ rating: RatingView; created: boolean }> => {
  const { stars, comment } = ratingSchema.parse(opts.input);
  const now = opts.now ?? new Date();
  const request = await opts.db.serviceRequest.findUnique({ where: { id: opts.requestId }, include: { rating: true } });
  // Someone else's request is reported as missing: its existence is not the caller's business.
  if (!request || request.customerId !== opts.customerId) throw new AppError('not_found', 'No such request among yours.', 'id');
  if (request.status !== 'resolved') {
    throw new AppError('conflict', 'You can rate a request once your agent has resolved it.', 'status');
  }
  if (request.rating) return { rating: await changeRating({ ...opts, ratingId: request.rating.id, stars, comment, now }), created: false };
  try {
    const [created] = await opts.db.$transaction([
      opts.db.rating.create({
        data: { requestId: request.id, customerId: opts.customerId, agentId: request.agentId, stars, comment, createdAt: now, updatedAt: now },
        include: { customer: { select: { id: true, name: true } } },
      }),
      opts.db.agent.update({ where: { id: request.agentId }, data: { ratingCount: { increment: 1 }, ratingSum: { increment: stars } } }),
    ]);
    const view = toRatingView(created);
    opts.notify.ratingAdded(created.agentId, view);
    return { rating: view, created: true };
  } catch (err) {
    // Two taps at once: the unique request id lets one in; the other is told to try again (it will edit).
    if (isUniqueViolation(err)) throw new AppError('conflict', 'This request was just rated. Please try again.', 'id');
    throw err;
  }
};

const editClosed = () => new AppError('conflict', 'A rating can be changed for 24 hours after it is given; this one can no longer be changed.', 'stars');

/**
 * A change within 24 h. The agent's running total moves by the difference to the stars stored, so the
 * change is a compare-and-set on those stars: one conditional UPDATE (this id, still these stars, still
 * inside the window) whose count says whether the difference was the right one. Two changes at once
 * (two taps, two instances) each read 2 stars before; on PostgreSQL both added their difference to 2 and
 * the agent's total drifted from the stars stored. Now the second waits for the first's row lock, finds
 * other stars, reads them again and adds its difference to those.
 */
const changeRating = async (opts: { db: Db; notify: RatingEvents; ratingId: string; stars: number; comment: string | null; now: Date }): Promise<RatingView> => {
  const { db, stars, comment, now } = opts;
  const openSince = new Date(now.getTime() - RATING_EDIT_WINDOW_MS);
  for (let attempt = 0; attempt < 8; attempt++) {
    const current = await db.rating.findUniqueOrThrow({ where: { id: opts.ratingId } });
    if (current.createdAt < openSince) throw editClosed();
    const updated = await db.$transaction(async (tx) => {
      const { count } = await tx.rating.updateMany({ where: { id: current.id, stars: current.stars, createdAt: { gte: openSince } }, data: { stars, comment, updatedAt: now } });
      if (count !== 1) return null;
      await tx.agent.update({ where: { id: current.agentId }, data: { ratingSum: { increment: stars - current.stars } }, select: { id: true } });
      return tx.rating.findUniqueOrThrow({ where: { id: current.id }, include: { customer: { select: { id: true, name: true } } } });
    });
    if (!updated) continue; // changed (or closed) meanwhile: read it again
    const view = toRatingView(updated, true);
    opts.notify.ratingAdded(updated.agentId, view);
    return view;
  }
  throw new AppError('conflict', 'This rating is being changed elsewhere right now. Please try again.', 'stars');
};

/** The customer's own ratings, to show which resolved requests are rated and which can still be changed. */
export const listMyRatings = async (opts: { db: Db; customerId: string }): Promise<RatingView[]> => {
  const rows = await opts.db.rating.findMany({
    where: { customerId: opts.customerId },
    orderBy: { createdAt: 'desc' },
    take: 200,
    include: { customer: { select: { id: true, name: true } } },
  });
  return rows.map((r) => toRatingView(r));
};
