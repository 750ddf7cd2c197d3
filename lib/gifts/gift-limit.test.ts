import { describe, expect, it } from 'vitest';
import { giftAllowance, GIFT_WINDOW_MS } from './gift-limit.ts';

const now = new Date('2026-11-30T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const H = 3600_000;

describe('giftAllowance', () => {
  it('allows the first gift and says how many are left', () => {
    expect(giftAllowance({ sentAt: [], now, perDay: 3 })).toEqual({ allowed: true, left: 2 });
  });

  it('allows up to the limit within 24 hours', () => {
    expect(giftAllowance({ sentAt: [ago(1 * H), ago(2 * H)], now, perDay: 3 })).toEqual({ allowed: true, left: 0 });
  });

  it('refuses past the limit and says when the oldest gift of the window leaves it', () => {
    const verdict = giftAllowance({ sentAt: [ago(1 * H), ago(20 * H), ago(2 * H)], now, perDay: 3 });
    expect(verdict).toEqual({ allowed: false, retryAfterSeconds: 4 * 3600 });
  });

  it('gifts older than 24 hours do not count', () => {
    expect(giftAllowance({ sentAt: [ago(GIFT_WINDOW_MS), ago(25 * H), ago(1 * H)], now, perDay: 2 })).toEqual({ allowed: true, left: 0 });
  });

  it('with more gifts than the limit (limit lowered), waits until enough have left the window', () => {
    const verdict = giftAllowance({ sentAt: [ago(23 * H), ago(10 * H), ago(5 * H), ago(1 * H)], now, perDay: 2 });
    // 4 in the window, 2 allowed: sending needs at most 1 left, so the 2nd newest (5 h ago) must leave: in 19 h.
    expect(verdict).toEqual({ allowed: false, retryAfterSeconds: 19 * 3600 });
  });

  it('never asks to wait less than a second', () => {
    const verdict = giftAllowance({ sentAt: [new Date(now.getTime() - GIFT_WINDOW_MS + 10)], now, perDay: 1 });
    expect(verdict).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });
});
