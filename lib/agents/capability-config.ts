/**
 * The weights and priors of the earned capability score (lib/agents/capability-score.ts). Changing a
 * number here changes every agent's score at the next run of the `capability` job; the weights add up
 * to 100 so each part reads as "points out of its weight".
 */
export type CapabilityConfig = {
  weights: { rating: number; acknowledgement: number; resolution: number; gifts: number };
  /** Bayesian average: every agent starts with `priorWeight` imaginary ratings of `priorMean` stars. */
  rating: { priorMean: number; priorWeight: number };
  /** at or under `fastMs` counts fully, at or over `slowMs` not at all, log scale between */
  acknowledgement: { fastMs: number; slowMs: number; priorWeight: number };
  /** share of handled requests resolved; starts at `priorRate` as if `priorWeight` requests were seen */
  resolution: { priorRate: number; priorWeight: number };
  /** gift points at which half of the gift weight is earned; it never quite reaches all of it */
  gifts: { halfPoints: number };
  /** only what happened in the last `windowDays` counts, so the score follows how an agent works now */
  windowDays: number;
};

export const CAPABILITY_CONFIG: CapabilityConfig = {
  weights: { rating: 50, acknowledgement: 20, resolution: 20, gifts: 10 },
  rating: { priorMean: 3.5, priorWeight: 10 },
  acknowledgement: { fastMs: 60_000, slowMs: 30 * 60_000, priorWeight: 5 },
  resolution: { priorRate: 0.8, priorWeight: 5 },
  gifts: { halfPoints: 50 },
  windowDays: 90,
};
