import type { RatingView } from './rating-view.ts';

/** The facts the ratings domain publishes (lib/events fans them out). */
export type RatingEvents = {
  /** a customer rated (or changed their rating of) a request this agent resolved */
  ratingAdded(agentId: string, rating: RatingView): void;
};
