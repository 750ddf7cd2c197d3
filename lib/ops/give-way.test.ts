import { afterEach, describe, expect, it } from 'vitest';
import { giveWay, setCallsWaiting } from './give-way.ts';

afterEach(() => setCallsWaiting(() => 0));

describe('giveWay', () => {
  it('goes on at once when no call is waiting', async () => {
    setCallsWaiting(() => 0);
    let polls = 0;
    await giveWay({ now: () => polls++ });
    expect(polls).toBeLessThanOrEqual(2);
  });

  it('waits while calls are waiting for their turn, and goes on when they have started', async () => {
    let waiting = 3;
    setCallsWaiting(() => waiting);
    let done = false;
    const job = giveWay({ pollMs: 1, maxWaitMs: 60_000 }).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    waiting = 0;
    await job;
    expect(done).toBe(true);
  });

  it('under sustained load waits no longer than maxWaitMs: the job still gets done', async () => {
    setCallsWaiting(() => 5);
    let t = 0;
    await giveWay({ pollMs: 1, maxWaitMs: 50, now: () => (t += 10) });
    expect(t).toBeGreaterThanOrEqual(50);
  });
});
