import { describe, expect, it } from 'vitest';
import { logNormalScore, median, performanceScore, summarise, verdict } from './page-speed.ts';

describe('page-speed scoring (Lighthouse 10 mobile curves)', () => {
  it('scores 0.9 at a curve p10, 0.5 at its median, less beyond, 1 at zero', () => {
    const lcp = { p10: 2500, median: 4000 };
    expect(logNormalScore(lcp, 2500)).toBeCloseTo(0.9, 3);
    expect(logNormalScore(lcp, 4000)).toBeCloseTo(0.5, 3);
    expect(logNormalScore(lcp, 8000)).toBeLessThan(0.2);
    expect(logNormalScore(lcp, 0)).toBe(1);
    expect(logNormalScore({ p10: 200, median: 600 }, 324)).toBeCloseTo(0.76, 2);
  });

  it('weights the metrics as Lighthouse does (TBT 30 %, LCP 25 % twice over with SI standing in, CLS 25 %, FCP 10 %)', () => {
    expect(performanceScore({ fcp: 0, lcp: 0, tbt: 0, cls: 0 })).toBeCloseTo(1, 5);
    // Only TBT at its median: 0.3 × 0.5 lost.
    expect(performanceScore({ fcp: 0, lcp: 0, tbt: 600, cls: 0 })).toBeCloseTo(0.85, 3);
    // Only LCP at its median: counted for LCP and for the Speed Index it stands in for.
    const si = logNormalScore({ p10: 3387, median: 5800 }, 4000);
    expect(si).toBeGreaterThan(0.5);
    expect(performanceScore({ fcp: 0, lcp: 4000, tbt: 0, cls: 0 })).toBeCloseTo(1 - 0.25 * 0.5 - 0.1 * (1 - si), 5);
  });

  it('compares medians against the target: score within 0.03, LCP within 15 %, TBT within 100 ms, no console errors', () => {
    const load = (lcp: number, tbt: number, errors: string[] = []) => ({ fcp: 900, lcp, tbt, cls: 0, errors });
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    const bare = summarise([load(1000, 100), load(1100, 120), load(1200, 300)]);
    expect(bare).toMatchObject({ lcp: 1100, tbt: 120 });
    expect(verdict(summarise([load(1250, 210), load(1260, 215), load(1240, 200)]), bare)).toEqual({ score: true, lcp: true, tbt: true, errors: true });
    expect(verdict(summarise([load(1300, 210), load(1300, 230), load(1300, 221, ['401 /api/customers/me'])]), bare)).toEqual({ score: true, lcp: false, tbt: false, errors: false });
  });
});
