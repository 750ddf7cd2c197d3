import { CAPABILITY_CONFIG, type CapabilityConfig } from './capability-config.ts';

/**
 * The capability score 0–100 is earned from what customers experienced (issue 14). Pure: data in,
 * data out; the `capability` job gathers the inputs and stores the result.
 *
 * Each part is a quality between 0 and 1 times its weight:
 * - rating: a Bayesian average of the stars — `priorWeight` imaginary ratings of `priorMean` are added,
 *   so two 5-star ratings (≈3.75) do not beat two hundred 4.8s (≈4.74); mapped 1★→0, 5★→1;
 * - acknowledgement: the median time to acknowledge, 1 at `fastMs` or less, 0 at `slowMs` or more,
 *   log scale between (a minute vs two matters more than 20 vs 21), pulled toward ½ while few are known;
 * - resolution: resolved / handled, pulled toward `priorRate` while few are known;
 * - gifts: points / (points + halfPoints), so gifts help but can never dominate.
 * With no data at all an agent gets the priors (57 with the default config): new agents are shown,
 * not buried, and not placed above proven ones.
 */

export type CapabilityInputs = {
  ratings: { count: number; sum: number };
  acknowledgement: { count: number; medianMs: number | null };
  resolution: { handled: number; resolved: number };
  gifts: { count: number; points: number };
};

export type CapabilityPartKey = 'rating' | 'acknowledgement' | 'resolution' | 'gifts';

/** One part of the score, with what it was computed from, for "why this agent?". */
export type CapabilityPart = {
  key: CapabilityPartKey;
  /** points earned, one decimal */
  points: number;
  /** the part's weight: most points it can give */
  max: number;
  /** stars (plain average), median ms, resolved share 0–1, gift points; null when nothing is known */
  value: number | null;
  /** how many ratings / acknowledgements / handled requests / gifts it rests on */
  count: number;
};

export type Capability = { score: number; parts: CapabilityPart[] };

export const EMPTY_INPUTS: CapabilityInputs = {
  ratings: { count: 0, sum: 0 },
  acknowledgement: { count: 0, medianMs: null },
  resolution: { handled: 0, resolved: 0 },
  gifts: { count: 0, points: 0 },
};

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));
const oneDecimal = (x: number): number => Math.round(x * 10) / 10;
/** (prior × weight + observed × n) / (weight + n) */
const shrink = (prior: number, weight: number, observed: number, n: number): number =>
  n + weight === 0 ? prior : (prior * weight + observed * n) / (weight + n);

export const bayesianStars = (r: CapabilityInputs['ratings'], cfg: CapabilityConfig['rating']): number =>
  (cfg.priorMean * cfg.priorWeight + r.sum) / (cfg.priorWeight + r.count);

export const acknowledgementQuality = (medianMs: number, cfg: CapabilityConfig['acknowledgement']): number => {
  if (medianMs <= cfg.fastMs) return 1;
  if (medianMs >= cfg.slowMs) return 0;
  return 1 - (Math.log(medianMs) - Math.log(cfg.fastMs)) / (Math.log(cfg.slowMs) - Math.log(cfg.fastMs));
};

export const computeCapability = (inputs: CapabilityInputs, cfg: CapabilityConfig = CAPABILITY_CONFIG): Capability => {
  const { ratings, acknowledgement: ack, resolution, gifts } = inputs;
  const w = cfg.weights;

  const ratingQ = clamp01((bayesianStars(ratings, cfg.rating) - 1) / 4);
  const ackObserved = ack.count > 0 && ack.medianMs !== null ? acknowledgementQuality(ack.medianMs, cfg.acknowledgement) : 0.5;
  const ackQ = clamp01(shrink(0.5, cfg.acknowledgement.priorWeight, ackObserved, ack.medianMs === null ? 0 : ack.count));
  const rate = resolution.handled > 0 ? resolution.resolved / resolution.handled : null;
  const resolutionQ = clamp01(shrink(cfg.resolution.priorRate, cfg.resolution.priorWeight, rate ?? 0, resolution.handled));
  const giftPoints = Math.max(0, gifts.points);
  const giftsQ = giftPoints / (giftPoints + cfg.gifts.halfPoints);

  const raw = {
    rating: w.rating * ratingQ,
    acknowledgement: w.acknowledgement * ackQ,
    resolution: w.resolution * resolutionQ,
    gifts: w.gifts * giftsQ,
  };
  const parts: CapabilityPart[] = [
    { key: 'rating', points: oneDecimal(raw.rating), max: w.rating, value: ratings.count ? oneDecimal(ratings.sum / ratings.count) : null, count: ratings.count },
    { key: 'acknowledgement', points: oneDecimal(raw.acknowledgement), max: w.acknowledgement, value: ack.count ? ack.medianMs : null, count: ack.count },
    { key: 'resolution', points: oneDecimal(raw.resolution), max: w.resolution, value: rate === null ? null : Math.round(rate * 100) / 100, count: resolution.handled },
    { key: 'gifts', points: oneDecimal(raw.gifts), max: w.gifts, value: giftPoints, count: gifts.count },
  ];
  const total = raw.rating + raw.acknowledgement + raw.resolution + raw.gifts;
  return { score: Math.max(0, Math.min(100, Math.round(total))), parts };
};

/** The median of a list of durations; null for none. */
export const median = (xs: readonly number[]): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
