import { monitorEventLoopDelay } from 'node:perf_hooks';

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
 * True while the event loop is behind: the 99th percentile of its delay over the last window
 * (`windowMs`) is above `maxDelayMs`. Measured by Node's own histogram (perf_hooks), no polling work.
 * `maxDelayMs` 0 turns it off.
 */
export const eventLoopPressure = (maxDelayMs: number, windowMs = 500): { busy: () => boolean; stop: () => void } => {
  if (maxDelayMs <= 0) return { busy: () => false, stop: () => {} };
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let behind = false;
  const timer = setInterval(() => {
    behind = histogram.percentile(99) / 1e6 > maxDelayMs;
    histogram.reset();
  }, windowMs);
  timer.unref();
  return {
    busy: () => behind,
    stop: () => {
      clearInterval(timer);
      histogram.disable();
    },
  };
};
