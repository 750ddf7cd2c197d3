import { describe, expect, it } from 'vitest';
import { createAdmission, eventLoopPressure } from './admission.ts';

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

  it('eventLoopPressure turns busy after the loop was blocked, and calm again after a quiet window', async () => {
    const p = eventLoopPressure(200, 300);
    try {
      await new Promise((r) => setTimeout(r, 350));
      expect(p.busy()).toBe(false);
      const until = Date.now() + 500;
      while (Date.now() < until); // block the loop for 500 ms: the overdue window closes right after
      await new Promise((r) => setTimeout(r, 20));
      expect(p.busy()).toBe(true);
      await new Promise((r) => setTimeout(r, 700)); // two quiet windows
      expect(p.busy()).toBe(false);
    } finally {
      p.stop();
    }
  });

  it('eventLoopPressure(0) is off', () => {
    expect(eventLoopPressure(0).busy()).toBe(false);
  });
});
