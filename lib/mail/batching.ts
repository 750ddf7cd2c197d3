/** Bursts of answers are batched: at most one mail per request (or callback) per window. */
export const MAIL_WINDOW_MS = 10 * 60_000;

/**
 * Pure: an answer arrived at `now`; the last mail for the same thing went out at `lastSentAt`.
 * Send now if the window since the last mail has passed (or there was none); else the answer waits
 * and goes out, with whatever else arrives meanwhile, when the window ends.
 */
export const mailTiming = (opts: { lastSentAt: Date | null; now: Date; windowMs?: number }): { sendNow: true } | { sendNow: false; at: Date } => {
  const windowMs = opts.windowMs ?? MAIL_WINDOW_MS;
  if (!opts.lastSentAt || opts.now.getTime() - opts.lastSentAt.getTime() >= windowMs) return { sendNow: true };
  return { sendNow: false, at: new Date(opts.lastSentAt.getTime() + windowMs) };
};
