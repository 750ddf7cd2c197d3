import { getEnv } from '../env.ts';

/**
 * Against abuse (and against buying a ranking with gifts): a customer may send at most `perDay` gifts
 * in any 24 hours. Pure: the times of their recent gifts and `now` in, a verdict out; the answer to a
 * refusal says when the oldest gift of the window leaves it.
 */
export const GIFT_WINDOW_MS = 24 * 3600_000;
export const DEFAULT_GIFTS_PER_DAY = 10;

export type GiftAllowance = { allowed: true; left: number } | { allowed: false; retryAfterSeconds: number };

export const giftAllowance = (opts: { sentAt: readonly Date[]; now: Date; perDay: number }): GiftAllowance => {
  const since = opts.now.getTime() - GIFT_WINDOW_MS;
  const inWindow = opts.sentAt.map((d) => d.getTime()).filter((t) => t > since).sort((a, b) => a - b);
  if (inWindow.length < opts.perDay) return { allowed: true, left: opts.perDay - inWindow.length - 1 };
  // The window frees a place when the gift that is `perDay` from the newest leaves it.
  const freesAt = inWindow[inWindow.length - opts.perDay]! + GIFT_WINDOW_MS;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((freesAt - opts.now.getTime()) / 1000)) };
};

/** GIFTS_PER_DAY from the validated environment (tests lower it). */
export const giftsPerDay = (): number => getEnv().GIFTS_PER_DAY;
