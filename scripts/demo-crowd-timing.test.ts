import { describe, expect, it } from 'vitest';
import { activityEveryMs, backoffDelay, rejoinEveryMs } from './demo-crowd-timing.ts';

describe('demo crowd timing', () => {
  it.each([
    [0, 0, 250],
    [0, 1, 500],
    [1, 1, 1000],
    [3, 1, 4000],
    [6, 1, 30_000],
    [40, 0.999999, 30_000],
    [40, 0, 15_000],
  ])('backoff after %i failures (random %f) waits %i ms', (attempt, r, ms) => {
    expect(backoffDelay(attempt, () => r)).toBe(ms);
  });

  it.each([
    [900_000, 60_000], // the default idle time: once a minute
    [2_000, 500], // shortened in tests: four times per idle period
    [100, 200],
  ])('with IDLE_AWAY_MS %i activity is reported every %i ms', (idle, every) => {
    expect(activityEveryMs(idle)).toBe(every);
    expect(activityEveryMs(idle)).toBeLessThan(Math.max(idle, 201));
  });

  it.each([
    [30_000, 5_000],
    [1_000, 250],
    [8_000, 2_000],
  ])('with PRESENCE_GRACE_MS %i a demo that stood aside looks again every %i ms', (grace, every) => {
    expect(rejoinEveryMs(grace)).toBe(every);
  });
});
