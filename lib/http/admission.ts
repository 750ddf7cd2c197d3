import { log } from '../log.ts';

/**
 * Admission: refuse what cannot be served in time, absorb what can (issue 27).
 *
 * At most `concurrency` API calls run at once; the next ones wait their turn in a FIFO queue. A call is
 * refused at once — 503 + Retry-After, its handler never runs, nothing is stored, so the client retries
 * it with the same Idempotency-Key — when
 *   - `maxInFlight` calls are already running or waiting (a hard bound on what one instance holds);
 *   - its estimated wait is past `waitBudgetMs`: the calls ahead of it × how long the instance has
 *     lately taken per call while calls were waiting (`drainMs`, see below);
 *   - the event loop is behind by more than the budget (`busy`): work that is not in the HTTP handlers
 *     (acknowledgements over sockets, a scheduled job) would make even a first-in-line call late.
 * A call that has waited `waitBudgetMs` in the queue and still has not started is refused then,
 * before its handler runs. So a burst an idle instance can work through within the budget is served,
 * and sustained overload — a queue that keeps growing — is refused early.
 *
 * `drainMs` is measured, not configured: while calls wait, each finishing call lets the next one start,
 * so the time between finishes is what one more call ahead costs a waiting call — whatever the mix of
 * CPU, database and concurrency. An EWMA of those intervals, measured only while the queue is not empty
 * (an idle instance's per-call latency says nothing about its throughput) and from the queue's first
 * finish on (the calls running when it formed began together and finish together), forgotten when older
 * than `staleMs`. One slow call (an admin running a job over HTTP) holds one slot, not the estimate:
 * the other slots keep finishing.
 *
 * Warm-up (`isWarming`): right after start the first calls of each route load its code and are slow
 * although nothing is queued; then only `maxInFlight` refuses — no estimate, no lag rule, no wait limit.
 */
export type RefusalReason = 'full' | 'wait' | 'waited' | 'lagging';

export type AdmissionOptions = {
  /** calls whose handlers run at once */
  concurrency: number;
  /** calls running + waiting; past it a call is refused at once */
  maxInFlight: number;
  /** longest a call should wait for its turn (estimated or real) before it is refused */
  waitBudgetMs: number;
  /** true while the event loop is behind by more than the budget (see eventLoopPressure) */
  busy?: () => boolean;
  /** true during the warm-up window after start (see warmUpWindow) */
  isWarming?: () => boolean;
  now?: () => number;
  /** a timer; returns its cancel (injected by tests with a fake clock) */
  setTimer?: (fn: () => void, ms: number) => () => void;
  /** weight of the newest interval in the EWMA */
  alpha?: number;
  /** an estimate older than this is forgotten when the next queue forms */
  staleMs?: number;
  /** told of every refusal (the server logs them) */
  onRefuse?: (reason: RefusalReason) => void;
};

/** One call at the door: `admitted` resolves true when its handler may run, false when refused (or it left). */
export type AdmissionCall = { admitted: Promise<boolean>; leave: () => void };

export type Admission = {
  enter: () => AdmissionCall;
  /** calls running + waiting */
  inFlight: () => number;
  running: () => number;
  waiting: () => number;
  /** calls refused since start, in all and by reason */
  refused: () => number;
  refusedBy: () => Record<RefusalReason, number>;
  /** what a call arriving now would wait, in ms (0 when a slot is free) */
  estimatedWaitMs: () => number;
};

const realTimer = (fn: () => void, ms: number) => {
  const t = setTimeout(fn, ms);
  t.unref?.();
  return () => clearTimeout(t);
};

type Waiter = { at: number; start: (ok: boolean) => void; cancelTimer: () => void };

export const createAdmission = (opts: AdmissionOptions): Admission => {
  const concurrency = Math.max(1, Math.min(opts.concurrency, opts.maxInFlight));
  const { maxInFlight, waitBudgetMs } = opts;
  const busy = opts.busy ?? (() => false);
  const isWarming = opts.isWarming ?? (() => false);
  const now = opts.now ?? (() => performance.now());
  const setTimer = opts.setTimer ?? realTimer;
  const alpha = opts.alpha ?? 0.2;
  const staleMs = opts.staleMs ?? Math.max(10_000, 5 * waitBudgetMs);

  let running = 0;
  const queue: Waiter[] = [];
  let drainMs = 0; // 0: not known yet
  let sampledAt = Number.NEGATIVE_INFINITY;
  let mark = -1; // the last finish while calls were waiting (-1: none yet since the queue formed)
  const refusals: Record<RefusalReason, number> = { full: 0, wait: 0, waited: 0, lagging: 0 };

  const refuse = (reason: RefusalReason) => {
    refusals[reason]++;
    opts.onRefuse?.(reason);
    return false;
  };
  const estimate = () => (running < concurrency ? 0 : (queue.length + 1) * drainMs);

  const dispatch = () => {
    while (running < concurrency && queue.length) {
      const w = queue.shift()!;
      w.cancelTimer();
      if (now() - w.at > waitBudgetMs && !isWarming()) {
        w.start(refuse('waited'));
        continue;
      }
      running++;
      w.start(true);
    }
  };

  const finish = () => {
    running = Math.max(0, running - 1);
    if (queue.length) {
      const t = now();
      // The first finish after a queue forms only starts the clock: the calls running then began
      // together and finish close together, so the time since the queue formed is not one call's.
      if (mark >= 0) {
        const sample = t - mark;
        drainMs = drainMs === 0 ? sample : drainMs + alpha * (sample - drainMs);
        sampledAt = t;
      }
      mark = t;
    }
    dispatch();
  };

  const enter = (): AdmissionCall => {
    let state: 'waiting' | 'running' | 'done' = 'done';
    const leave = () => {
      if (state === 'running') finish();
      else if (state === 'waiting') {
        // The client went away while waiting: its place is given up, nothing to answer.
        const i = queue.indexOf(waiter);
        if (i >= 0) queue.splice(i, 1)[0]!.cancelTimer();
        waiter.start(false);
      }
      state = 'done';
    };
    const warming = isWarming();
    if (running + queue.length >= maxInFlight) return { admitted: Promise.resolve(refuse('full')), leave };
    if (!warming && busy()) return { admitted: Promise.resolve(refuse('lagging')), leave };
    if (running < concurrency && queue.length === 0) {
      running++;
      state = 'running';
      return { admitted: Promise.resolve(true), leave };
    }
    const t = now();
    if (queue.length === 0) {
      mark = -1; // a queue forms: the drain is timed from its first finish
      if (t - sampledAt > staleMs) drainMs = 0;
    }
    if (!warming && estimate() > waitBudgetMs) return { admitted: Promise.resolve(refuse('wait')), leave };
    let resolve!: (ok: boolean) => void;
    const admitted = new Promise<boolean>((r) => (resolve = r));
    const waiter: Waiter = {
      at: t,
      start: (ok) => {
        state = ok ? 'running' : 'done';
        resolve(ok);
      },
      cancelTimer: () => {},
    };
    // Refused when its wait has run out even if no slot frees (every handler stuck on a slow database).
    waiter.cancelTimer = setTimer(() => {
      const i = queue.indexOf(waiter);
      if (i < 0 || isWarming()) return;
      queue.splice(i, 1);
      waiter.start(refuse('waited'));
    }, waitBudgetMs + 1);
    queue.push(waiter);
    state = 'waiting';
    return { admitted, leave };
  };

  return {
    enter,
    inFlight: () => running + queue.length,
    running: () => running,
    waiting: () => queue.length,
    refused: () => refusals.full + refusals.wait + refusals.waited + refusals.lagging,
    refusedBy: () => ({ ...refusals }),
    estimatedWaitMs: estimate,
  };
};

/**
 * Refusals logged as they start, then every `everyMs` while they go on, with the count since: a shedding
 * instance shows in its log with what it saw (reason, queue, estimate, event-loop lag). `count` is the
 * admission's `onRefuse`; the admission is read when a line is written (it is made after this).
 */
export const refusalLog = (admission: () => Admission, lagMs: () => number, everyMs = 10_000) => {
  let at = Number.NEGATIVE_INFINITY;
  let since = 0;
  const write = (reason?: RefusalReason) => {
    const a = admission();
    log.warn(
      { reason, refused: since, total: a.refusedBy(), running: a.running(), waiting: a.waiting(), estimatedWaitMs: Math.round(a.estimatedWaitMs()), eventLoopLagMs: Math.round(lagMs()) },
      'overloaded: API calls refused with 503',
    );
    at = performance.now();
    since = 0;
  };
  const timer = setInterval(() => since && write(), everyMs);
  timer.unref();
  return {
    count: (reason: RefusalReason) => {
      since++;
      if (performance.now() - at >= everyMs) write(reason);
    },
    stop: () => clearInterval(timer),
  };
};

export const RETRY_AFTER_SECONDS = 1;

export const OVERLOADED_BODY = JSON.stringify({
  error: { code: 'overloaded', message: 'We are very busy right now. Your request was not taken; please try again in a moment.' },
});

/**
 * True while the event loop is behind: a timer ticking every `tickMs` came more than `maxDelayMs`
 * late at least once in each of the last two windows (`windowMs`). Two windows in a row: one long task
 * (a first compile, a GC) is not overload; a backlog is. `maxDelayMs` 0 turns it off. `lagMs`: the
 * worst delay of the last window, for the log.
 */
export const eventLoopPressure = (maxDelayMs: number, windowMs = 500, tickMs = 25): { busy: () => boolean; lagMs: () => number; stop: () => void } => {
  if (maxDelayMs <= 0) return { busy: () => false, lagMs: () => 0, stop: () => {} };
  let lastWindowMax = 0;
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
    lastWindowMax = windowMax;
    windowMax = 0;
    windowStart = now;
  }, tickMs);
  timer.unref();
  return { busy: () => behind, lagMs: () => lastWindowMax, stop: () => clearInterval(timer) };
};

/**
 * Warm-up is not overload. Right after start the first calls of each route load its code and the JIT
 * warms: the event loop lags for a few seconds although nothing is queued. During this window after
 * listening only the in-flight limit refuses calls; the wait and event-loop rules start when it ends.
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
