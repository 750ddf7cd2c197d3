import { describe, expect, it } from 'vitest';
import { createAdmission, eventLoopPressure, warmUpWindow, type AdmissionCall } from './admission.ts';

/** A fake clock and timers: decisions are asserted, never durations. */
const clock = () => {
  let t = 0;
  const timers: { at: number; fn: () => void; live: boolean }[] = [];
  return {
    now: () => t,
    setTimer: (fn: () => void, ms: number) => {
      const timer = { at: t + ms, fn, live: true };
      timers.push(timer);
      return () => void (timer.live = false);
    },
    advance: (ms: number) => {
      t += ms;
      for (const timer of timers.filter((x) => x.live && x.at <= t)) {
        timer.live = false;
        timer.fn();
      }
    },
  };
};

const settled = async <T,>(p: Promise<T>) => {
  let value: T | 'pending' = 'pending';
  void p.then((v) => (value = v));
  await Promise.resolve();
  await Promise.resolve();
  return value;
};

const make = (o: Partial<Parameters<typeof createAdmission>[0]> = {}) => {
  const c = clock();
  const a = createAdmission({ concurrency: 2, maxInFlight: 100, waitBudgetMs: 1000, now: c.now, setTimer: c.setTimer, ...o });
  return { a, c };
};

describe('admission', () => {
  it('runs up to the concurrency at once; the next calls wait their turn, first come first served', async () => {
    const { a } = make();
    const calls = Array.from({ length: 4 }, () => a.enter());
    expect(await Promise.all(calls.slice(0, 2).map((x) => x.admitted))).toEqual([true, true]);
    expect([await settled(calls[2]!.admitted), await settled(calls[3]!.admitted)]).toEqual(['pending', 'pending']);
    expect([a.running(), a.waiting(), a.inFlight()]).toEqual([2, 2, 4]);
    calls[0]!.leave();
    expect([await settled(calls[2]!.admitted), await settled(calls[3]!.admitted)]).toEqual([true, 'pending']);
    calls[1]!.leave();
    expect(await settled(calls[3]!.admitted)).toBe(true);
    expect(a.refused()).toBe(0);
  });

  /**
   * A simulated instance: calls arrive in bursts; every `costMs` of the fake clock the oldest running
   * call finishes (one process doing the work one call after another). Returns what the door decided.
   */
  const simulate = async (o: { concurrency: number; budget: number; costMs: number; bursts: number[]; gapMs?: number; maxInFlight?: number }) => {
    const { a, c } = make({ concurrency: o.concurrency, waitBudgetMs: o.budget, maxInFlight: o.maxInFlight ?? 128 });
    const working: AdmissionCall[] = [];
    const outcomes: boolean[] = [];
    const flush = async () => {
      for (let i = 0; i < 5; i++) await Promise.resolve();
    };
    const arrive = (n: number) => {
      for (let i = 0; i < n; i++) {
        const call = a.enter();
        void call.admitted.then((ok) => {
          outcomes.push(ok);
          if (ok) working.push(call);
        });
      }
    };
    for (const n of o.bursts) {
      arrive(n);
      await flush();
      for (let waited = 0; waited < (o.gapMs ?? 0) || (o.gapMs === undefined && (working.length || a.waiting())); waited += o.costMs) {
        c.advance(o.costMs);
        working.shift()?.leave();
        await flush();
      }
    }
    while (working.length || a.waiting()) {
      c.advance(o.costMs);
      working.shift()?.leave();
      await flush();
    }
    return { served: outcomes.filter(Boolean).length, refused: outcomes.filter((x) => !x).length, by: a.refusedBy() };
  };

  it('absorbs a burst an idle instance works through within the budget: 8 bursts of 50 calls of 10 ms, all served', async () => {
    const r = await simulate({ concurrency: 16, budget: 1000, costMs: 10, bursts: [50, 50, 50, 50, 50, 50, 50, 50] });
    expect(r).toMatchObject({ served: 400, refused: 0 });
  });

  it('a burst\'s first calls start together and finish together: the time to the first finish is not one call\'s cost', async () => {
    const { a, c } = make({ concurrency: 16 });
    const calls = Array.from({ length: 50 }, () => a.enter());
    await Promise.all(calls.slice(0, 16).map((k) => k.admitted));
    // 16 calls of 10 ms sharing one process: the first finishes after ~160 ms, the rest right after it.
    c.advance(160);
    for (const k of calls.slice(0, 16)) {
      k.leave();
      c.advance(1);
    }
    const late = a.enter();
    expect(a.estimatedWaitMs()).toBeLessThan(1000);
    expect(await settled(late.admitted)).toBe('pending'); // waits its turn, not refused
    expect(a.refused()).toBe(0);
  });

  it('refuses at the door what would wait past the budget, once the drain time is known', async () => {
    // 20 calls start a queue (10 ms apiece is learnt), then 300 more: the last would wait 3 s.
    const r = await simulate({ concurrency: 4, budget: 1000, costMs: 10, bursts: [20, 300], gapMs: 50, maxInFlight: 1000 });
    expect(r.served + r.refused).toBe(320);
    expect(r.served).toBeGreaterThan(90);
    expect(r.by.wait).toBeGreaterThan(150);
    expect(r.by.waited).toBeLessThan(10);
  });

  it('before any drain time is known, a queue past the budget is cut when each call\'s real wait runs out', async () => {
    const r = await simulate({ concurrency: 4, budget: 1000, costMs: 10, bursts: [300], maxInFlight: 1000 });
    expect(r.served + r.refused).toBe(300);
    expect(r.served).toBeGreaterThan(90);
    expect(r.by.waited).toBeGreaterThan(150);
  });

  it('sustained overload is refused early: arrivals faster than the instance works keep being refused, the served keep being served', async () => {
    // 20 calls every 100 ms against 10 served per 100 ms: half must be refused, for as long as it lasts.
    const r = await simulate({ concurrency: 4, budget: 500, costMs: 10, bursts: Array(30).fill(20), gapMs: 100 });
    expect(r.refused).toBeGreaterThan(150);
    expect(r.served).toBeGreaterThan(250);
  });

  it('a call that has waited past the budget is refused before its handler runs, even when no slot frees', async () => {
    const { a, c } = make({ concurrency: 1, waitBudgetMs: 100 });
    const first = a.enter();
    const second = a.enter();
    expect(await first.admitted).toBe(true);
    c.advance(101);
    expect(await second.admitted).toBe(false);
    expect(a.refusedBy().waited).toBe(1);
    expect(a.inFlight()).toBe(1);
    first.leave();
    expect(a.inFlight()).toBe(0);
  });

  it('a waiting call whose turn comes after the budget is refused then, and the next one runs', async () => {
    const { a, c } = make({ concurrency: 1, waitBudgetMs: 100, setTimer: () => () => {} });
    const first = a.enter();
    const late = a.enter();
    c.advance(150);
    const fresh = a.enter();
    first.leave();
    expect(await late.admitted).toBe(false);
    expect(await fresh.admitted).toBe(true);
  });

  it('past maxInFlight (running + waiting) a call is refused at once', async () => {
    const { a } = make({ concurrency: 1, maxInFlight: 2 });
    const calls = [a.enter(), a.enter(), a.enter()];
    expect(await calls[2]!.admitted).toBe(false);
    expect(a.refusedBy().full).toBe(1);
    expect(a.inFlight()).toBe(2);
  });

  it('a client that leaves while waiting gives up its place without counting as refused', async () => {
    const { a } = make({ concurrency: 1 });
    const first = a.enter();
    const gone = a.enter();
    const next = a.enter();
    gone.leave();
    expect(await gone.admitted).toBe(false);
    first.leave();
    expect(await next.admitted).toBe(true);
    expect(a.refused()).toBe(0);
    expect(a.inFlight()).toBe(1);
  });

  it('one slow call (a job run over HTTP) holds its slot, not the estimate: the others keep the drain time', async () => {
    const { a, c } = make({ concurrency: 4 });
    const slow = a.enter();
    expect(await slow.admitted).toBe(true);
    const working: AdmissionCall[] = [];
    for (let round = 0; round < 20; round++) {
      while (a.running() + a.waiting() < 12) {
        const call = a.enter();
        void call.admitted.then((ok) => ok && working.push(call));
      }
      for (let i = 0; i < 5; i++) await Promise.resolve();
      c.advance(10);
      working.shift()?.leave();
    }
    expect(a.estimatedWaitMs()).toBeLessThan(200);
    expect(a.refused()).toBe(0);
    slow.leave();
  });

  it('refuses every call while the event loop is behind by more than the budget, and admits again when it recovers', async () => {
    let behind = false;
    const { a } = make({ busy: () => behind });
    expect(await a.enter().admitted).toBe(true);
    behind = true;
    expect(await a.enter().admitted).toBe(false);
    expect(a.refusedBy().lagging).toBe(1);
    behind = false;
    expect(await a.enter().admitted).toBe(true);
  });

  it('during warm-up only maxInFlight refuses: no estimate, no lag rule, no wait limit', async () => {
    let warming = true;
    const { a, c } = make({ concurrency: 1, maxInFlight: 3, waitBudgetMs: 10, busy: () => true, isWarming: () => warming });
    const calls = [a.enter(), a.enter(), a.enter(), a.enter()];
    expect(await calls[0]!.admitted).toBe(true);
    expect(await calls[3]!.admitted).toBe(false);
    expect(a.refusedBy()).toMatchObject({ full: 1, lagging: 0, wait: 0, waited: 0 });
    c.advance(100);
    calls[0]!.leave();
    expect(await calls[1]!.admitted).toBe(true);
    warming = false;
    c.advance(100);
    calls[1]!.leave();
    expect(await calls[2]!.admitted).toBe(false); // warm-up over: waited 200 ms against a 10 ms budget
  });

  it('forgets an old drain time: a burst long after a slow spell is judged on its own', async () => {
    const { a, c } = make({ concurrency: 1, waitBudgetMs: 1000, staleMs: 5000 });
    // A slow spell: 500 ms per call while calls wait.
    const [x, y, z] = [a.enter(), a.enter(), a.enter()];
    await x.admitted;
    c.advance(500);
    x.leave();
    await y.admitted;
    c.advance(500);
    y.leave();
    await z.admitted;
    expect(a.estimatedWaitMs()).toBe(500);
    c.advance(10_000);
    z.leave();
    // Much later: a new queue forms; 500 ms per call would refuse the third in line, a fresh start does not.
    const calls = Array.from({ length: 4 }, () => a.enter());
    expect(await Promise.all(calls.map((k) => settled(k.admitted)))).toEqual([true, 'pending', 'pending', 'pending']);
    expect(a.refused()).toBe(0);
  });

  it('eventLoopPressure turns busy when the loop stays behind, not for one long task, and calms after a quiet window', async () => {
    const p = eventLoopPressure(100, 200);
    const block = (ms: number) => {
      const until = Date.now() + ms;
      while (Date.now() < until);
    };
    const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));
    try {
      await tick(450);
      expect(p.busy()).toBe(false);
      block(300); // one long task
      await tick(20);
      expect(p.busy()).toBe(false);
      // a backlog: the loop stays behind window after window
      for (let i = 0; i < 4; i++) {
        block(250);
        await tick(5);
      }
      expect(p.busy()).toBe(true);
      await tick(700); // quiet windows
      expect(p.busy()).toBe(false);
    } finally {
      p.stop();
    }
  });

  it('eventLoopPressure(0) is off', () => {
    expect(eventLoopPressure(0).busy()).toBe(false);
  });
});

describe('warm-up window', () => {
  it('holds from listening until the window has passed, and never before listening began', () => {
    let t = 1_000;
    const w = warmUpWindow(5_000, () => t);
    expect(w.isWarming()).toBe(true);
    w.begin();
    t += 4_999;
    expect(w.isWarming()).toBe(true);
    t += 1;
    expect(w.isWarming()).toBe(false);
  });

  it('0 ms means no warm-up at all', () => {
    const w = warmUpWindow(0, () => 7);
    w.begin();
    expect(w.isWarming()).toBe(false);
  });
});
