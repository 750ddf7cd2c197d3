/**
 * Overload is refused early: past `maxInFlight` API requests being worked on at once, a new one is
 * answered 503 with Retry-After at once instead of queueing behind the others for seconds. Nothing
 * refused was stored (the handler never ran), so the client retries it with the same Idempotency-Key.
 */
export type Admission = { tryEnter: () => boolean; leave: () => void; inFlight: () => number; refused: () => number };

/**
 * `busy`: a second signal, for when the work is not in the HTTP handlers — alerts being acknowledged
 * over sockets, statements queued for the database. When the event loop lags, every accepted
 * request would wait behind that work; refusing it is cheap and honest (see eventLoopPressure).
 */
export const createAdmission = (maxInFlight: number, busy: () => boolean = () => false): Admission => {
  let current = 0;
  let refusals = 0;
  return {
    tryEnter: () => {
      if (current >= maxInFlight || busy()) {
        refusals++;
        return false;
      }
      current++;
      return true;
    },
    leave: () => {
      current = Math.max(0, current - 1);
    },
    inFlight: () => current,
    refused: () => refusals,
  };
};

export const RETRY_AFTER_SECONDS = 1;

export const OVERLOADED_BODY = JSON.stringify({
  error: { code: 'overloaded', message: 'We are very busy right now. Your request was not taken; please try again in a moment.' },
});

/**
 * True while the event loop is behind: a timer ticking every `tickMs` came more than `maxDelayMs`
 * late at least once in each of the last two windows (`windowMs`). Two windows in a row: one long task
 * (a first compile, a GC) is not overload; a backlog is. `maxDelayMs` 0 turns it off.
 */
export const eventLoopPressure = (maxDelayMs: number, windowMs = 500, tickMs = 25): { busy: () => boolean; stop: () => void } => {
  if (maxDelayMs <= 0) return { busy: () => false, stop: () => {} };
  let expected = performance.now() + tickMs;
  let windowStart = performance.now();
  let windowMax = 0;
  let lastWindowBehind = false;
  let behind = false;
  const timer = setInterval(() => {
    const now = performance.now();
    windowMax = Math.max(windowMax, now - expected);
    expected = now + tickMs;
    if (now - windowStart < windowMs) return;
    const thisWindowBehind = windowMax > maxDelayMs;
    behind = thisWindowBehind && lastWindowBehind;
    lastWindowBehind = thisWindowBehind;
    windowMax = 0;
    windowStart = now;
  }, tickMs);
  timer.unref();
  return { busy: () => behind, stop: () => clearInterval(timer) };
};

/**
 * Warm-up is not overload. Right after start the first calls of each route load its code and the JIT
 * warms: the event loop lags for a few seconds although nothing is queued. During this window after
 * listening only the in-flight limit refuses calls; the event-loop rule starts when it ends.
 */
export const warmUpWindow = (ms: number, now: () => number = () => performance.now()) => {
  let until = Number.POSITIVE_INFINITY; // not listening yet: nothing to refuse
  return {
    begin: () => {
      until = now() + ms;
    },
    isWarming: () => now() < until,
  };
};
