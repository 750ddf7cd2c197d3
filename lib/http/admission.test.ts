import { describe, expect, it } from 'vitest';
import { createAdmission } from './admission.ts';

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
});
