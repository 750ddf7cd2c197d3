import { describe, expect, it } from 'vitest';
import { createAdmission, eventLoopPressure, warmUpWindow } from './admission.ts';

describe('admission', () => {
  it('lets in up to the limit, refuses past it, and lets in again as work finishes', () => {
    const a = createAdmission(2);
    expect([a.tryEnter(), a.tryEnter(), a.tryEnter()]).toEqual([true, true, false]);
    expect(a.refused()).toBe(1);
    a.leave();
    expect(a.tryEnter()).toBe(true);
    expect(a.inFlight()).toBe(2);
  });

  it('never counts below zero', () => {
    const a = createAdmission(1);
    a.leave();
    expect(a.inFlight()).toBe(0);
    expect(a.tryEnter()).toBe(true);
    expect(a.tryEnter()).toBe(false);
  });

  it('refuses while the busy signal says the event loop is behind, and admits again when it recovers', () => {
    let behind = false;
    const a = createAdmission(10, () => behind);
    expect(a.tryEnter()).toBe(true);
    behind = true;
    expect(a.tryEnter()).toBe(false);
    expect(a.refused()).toBe(1);
    behind = false;
    expect(a.tryEnter()).toBe(true);
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
