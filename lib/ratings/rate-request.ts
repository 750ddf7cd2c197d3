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
  const existing = request.rating;
  if (existing) {
    if (now.getTime() - existing.createdAt.getTime() > RATING_EDIT_WINDOW_MS) {
      throw new AppError('conflict', 'A rating can be changed for 24 hours after it is given; this one can no longer be changed.', 'stars');
    }
    const [updated] = await opts.db.$transaction([
      opts.db.rating.update({ where: { id: existing.id }, data: { stars, comment, updatedAt: now }, include: { customer: { select: { id: true, name: true } } } }),
      opts.db.agent.update({ where: { id: existing.agentId }, data: { ratingSum: { increment: stars - existing.stars } } }),
    ]);
    const view = toRatingView(updated, true);
    opts.notify.ratingAdded(updated.agentId, view);
    return { rating: view, created: false };
  }
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
