/**
 * Background work gives way to calls (issue 27): a scheduled job (capability, roster) awaits `giveWay()`
 * between its steps, and while API calls are waiting for their turn at the door (lib/http/admission.ts)
 * it waits too, so a job's statements and CPU never push a burst past its wait budget. Bounded by
 * `maxWaitMs`: under sustained load the job still gets done, more slowly.
 *
 * Kept on globalThis: the job may run from the server's schedule or from an admin's call in a route
 * handler (another bundle), and both must see the one admission of the process.
 */
type Waiting = () => number;
const KEY = Symbol.for('exclusive-agent.callsWaiting');
const store = globalThis as unknown as Record<symbol, Waiting | undefined>;

/** The admission tells how many calls are waiting for their turn. */
export const setCallsWaiting = (waiting: Waiting) => {
  store[KEY] = waiting;
};

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const giveWay = async (opts: { maxWaitMs?: number; pollMs?: number; now?: () => number } = {}) => {
  const now = opts.now ?? (() => performance.now());
  const until = now() + (opts.maxWaitMs ?? 2_000);
  await new Promise<void>((r) => setImmediate(r)); // at least let the calls already here run first
  while ((store[KEY]?.() ?? 0) > 0 && now() < until) await pause(opts.pollMs ?? 10);
};
