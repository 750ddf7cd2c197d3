import type { Db } from '../db/client.ts';
import type { GiftView } from '../gifts/gift-view.ts';
import type { RatingView } from './rating-view.ts';
import { toGiftView } from '../gifts/send-gift.ts';
import { toRatingView } from './rate-request.ts';

export type AgentFeedback = {
  rating: { average: number | null; count: number };
  gifts: { count: number; points: number };
  recentRatings: RatingView[];
  recentGifts: GiftView[];
};

/** What an agent's console shows of customers' thanks: totals and the latest ratings and gifts. */
export const listFeedback = async (opts: { db: Db; agentId: string; take?: number }): Promise<AgentFeedback> => {
  const take = opts.take ?? 20;
  const customer = { select: { id: true, name: true } } as const;
  const [agent, ratings, gifts] = await Promise.all([
    opts.db.agent.findUniqueOrThrow({ where: { id: opts.agentId }, select: { ratingCount: true, ratingSum: true, giftCount: true, giftPoints: true } }),
    opts.db.rating.findMany({ where: { agentId: opts.agentId }, orderBy: { updatedAt: 'desc' }, take, include: { customer } }),
    opts.db.giftSent.findMany({ where: { agentId: opts.agentId }, orderBy: { createdAt: 'desc' }, take, include: { customer } }),
  ]);
  return {
    rating: { average: agent.ratingCount ? Math.round((agent.ratingSum / agent.ratingCount) * 10) / 10 : null, count: agent.ratingCount },
    gifts: { count: agent.giftCount, points: agent.giftPoints },
    recentRatings: ratings.map((r) => toRatingView(r, r.updatedAt.getTime() !== r.createdAt.getTime())),
    recentGifts: gifts.map(toGiftView),
  };
};
