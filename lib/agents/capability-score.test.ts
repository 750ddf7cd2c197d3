import { describe, expect, it } from 'vitest';
import { acknowledgementQuality, computeCapability, EMPTY_INPUTS, median, type CapabilityInputs } from './capability-score.ts';
import { CAPABILITY_CONFIG } from './capability-config.ts';

const MIN = 60_000;
const inputs = (over: Partial<{ [K in keyof CapabilityInputs]: Partial<CapabilityInputs[K]> }>): CapabilityInputs => ({
  ratings: { ...EMPTY_INPUTS.ratings, ...over.ratings },
  acknowledgement: { ...EMPTY_INPUTS.acknowledgement, ...over.acknowledgement },
  resolution: { ...EMPTY_INPUTS.resolution, ...over.resolution },
  gifts: { ...EMPTY_INPUTS.gifts, ...over.gifts },
});

// Expected scores worked out by hand from the formula in capability-score.ts with the default config.
const cases: { name: string; in: CapabilityInputs; score: number }[] = [
  { name: 'no data at all: the priors (31.25 + 10 + 16 + 0)', in: EMPTY_INPUTS, score: 57 },
  { name: 'two 5-star ratings: Bayesian 3.75★', in: inputs({ ratings: { count: 2, sum: 10 } }), score: 60 },
  { name: 'two hundred 4.8-star ratings: Bayesian 4.74★', in: inputs({ ratings: { count: 200, sum: 960 } }), score: 73 },
  { name: 'one 1-star rating barely moves a new agent: Bayesian 3.27★', in: inputs({ ratings: { count: 1, sum: 1 } }), score: 54 },
  { name: 'twenty acknowledgements in 30 s (median)', in: inputs({ acknowledgement: { count: 20, medianMs: 30_000 } }), score: 65 },
  { name: 'twenty acknowledgements after an hour (median)', in: inputs({ acknowledgement: { count: 20, medianMs: 60 * MIN } }), score: 49 },
  { name: 'ten handled, all resolved', in: inputs({ resolution: { handled: 10, resolved: 10 } }), score: 60 },
  { name: 'ten handled, none resolved', in: inputs({ resolution: { handled: 10, resolved: 0 } }), score: 47 },
  { name: 'fifty gift points give half the gift weight', in: inputs({ gifts: { count: 5, points: 50 } }), score: 62 },
  {
    name: 'best at everything reaches 100',
    in: inputs({ ratings: { count: 1000, sum: 5000 }, acknowledgement: { count: 1000, medianMs: 10_000 }, resolution: { handled: 1000, resolved: 1000 }, gifts: { count: 500, points: 1_000_000 } }),
    score: 100,
  },
  {
    name: 'worst at everything reaches 0',
    in: inputs({ ratings: { count: 1000, sum: 1000 }, acknowledgement: { count: 1000, medianMs: 5 * 3600_000 }, resolution: { handled: 1000, resolved: 0 } }),
    score: 0,
  },
];

describe('computeCapability', () => {
  it.each(cases)('$name → $score', (c) => {
    expect(computeCapability(c.in).score).toBe(c.score);
  });

  it('two 5-star ratings do not beat two hundred 4.8s', () => {
    const few = computeCapability(inputs({ ratings: { count: 2, sum: 10 } }));
    const many = computeCapability(inputs({ ratings: { count: 200, sum: 960 } }));
    expect(many.score).toBeGreaterThan(few.score);
  });

  it('ties: the same experience gives the same score, whatever the order it came in', () => {
    const a = computeCapability(inputs({ ratings: { count: 3, sum: 13 }, gifts: { count: 2, points: 20 } }));
    const b = computeCapability(inputs({ ratings: { count: 3, sum: 13 }, gifts: { count: 2, points: 20 } }));
    expect(a).toEqual(b);
  });

  it('parts say what they rest on: plain average stars, median, resolved share, gift points', () => {
    const c = computeCapability(inputs({ ratings: { count: 4, sum: 18 }, acknowledgement: { count: 3, medianMs: 90_000 }, resolution: { handled: 4, resolved: 3 }, gifts: { count: 2, points: 15 } }));
    expect(c.parts.map((p) => [p.key, p.value, p.count, p.max])).toEqual([
      ['rating', 4.5, 4, 50],
      ['acknowledgement', 90_000, 3, 20],
      ['resolution', 0.75, 4, 20],
      ['gifts', 15, 2, 10],
    ]);
    const sum = c.parts.reduce((s, p) => s + p.points, 0);
    expect(Math.abs(sum - c.score)).toBeLessThan(1);
  });

  it('more stars never lower the score (same count)', () => {
    let last = -1;
    for (let sum = 10; sum <= 50; sum++) {
      const s = computeCapability(inputs({ ratings: { count: 10, sum } })).score;
      expect(s).toBeGreaterThanOrEqual(last);
      last = s;
    }
  });
});

describe('acknowledgementQuality', () => {
  const cfg = CAPABILITY_CONFIG.acknowledgement;
  it.each([
    [10_000, 1],
    [60_000, 1],
    [Math.sqrt(60_000 * 1_800_000), 0.5],
    [1_800_000, 0],
    [7_200_000, 0],
  ])('%d ms → %d', (ms, q) => expect(acknowledgementQuality(ms, cfg)).toBeCloseTo(q, 6));
});

describe('median', () => {
  it.each([
    [[], null],
    [[5], 5],
    [[9, 1, 5], 5],
    [[4, 1, 3, 2], 2.5],
  ])('%j → %s', (xs, m) => expect(median(xs)).toBe(m));
});
