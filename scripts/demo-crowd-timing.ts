// Pure timing rules of the demo crowd (scripts/demo-crowd.ts), apart so they are tested by table.

/** Exponential backoff with jitter: 0.5 s, 1 s, 2 s … up to 30 s, each between 50 % and 100 % of that. */
export const backoffDelay = (attempt: number, random: () => number = Math.random): number => {
  const ceiling = Math.min(30_000, 500 * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling * (0.5 + random() / 2));
};

/** How often a console says "at the keyboard": well inside the idle time, never more than once a minute. */
export const activityEveryMs = (idleAwayMs: number): number => Math.max(200, Math.min(60_000, Math.floor(idleAwayMs / 4)));

/** How often a demo that stood aside asks again whether its real person has gone (a handshake, refused until then). */
export const rejoinEveryMs = (graceMs: number): number => Math.max(250, Math.min(5_000, Math.floor(graceMs / 4)));
