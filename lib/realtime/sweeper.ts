import type { Db } from '../db/client.ts';
import { log } from '../log.ts';
import { beatInstance, type PresenceConfig } from '../agents/presence.ts';
import { sweepPresenceAndFollow } from '../staff/follow-presence.ts';
import { reassignExpiredOffers } from '../requests/reassign-request.ts';
import type { Notifier } from '../events/types.ts';
import { sendDueReminders } from '../callbacks/reminders.ts';

/**
 * The background rules that depend on time: this instance's heartbeat and its consoles' rows,
 * presence (grace, idle, dead instances) and the accept timeout. Each run reads stored timestamps, so
 * a restart or a second instance changes nothing about the outcome. Every instance beats its own
 * heartbeat and puts back the rows of its consoles that the database lost or never got (an outage
 * longer than the heartbeat's staleness makes the leader drop them: lib/staff/follow-presence.ts
 * reconcileConsoles); the rest runs only on the leader (lib/db/leadership.ts), so each deadline is
 * acted on once across instances.
 */
export const startSweeper = (deps: {
  db: Db;
  notifier: Notifier;
  instanceId: string;
  intervalMs: number;
  presence: PresenceConfig;
  acceptTimeoutMs: number;
  maxHops: number;
  resendUndelivered?: (olderThanMs: number) => Promise<number>;
  /** every instance, after its heartbeat: its live consoles' connection rows made whole again */
  reconcileConsoles?: () => Promise<unknown>;
  /** resolves true when this instance should sweep now (the leader); default: always */
  shouldRun?: () => Promise<boolean>;
  /** how long before a booked callback its agent is reminded */
  callbackLeadMs?: number;
  /** more rules read from stored times (e.g. batched mail whose window ended) */
  jobs?: (() => Promise<unknown>)[];
}) => {
  let current: Promise<void> | null = null;
  const work = async () => {
    try {
      await beatInstance({ db: deps.db, instanceId: deps.instanceId });
      await deps.reconcileConsoles?.();
      if (deps.shouldRun && !(await deps.shouldRun())) return;
      log.debug({ at: Date.now() }, 'sweep tick');
      await sweepPresenceAndFollow({ db: deps.db, notify: deps.notifier, config: deps.presence, maxHops: deps.maxHops });
      const moved = await reassignExpiredOffers({ db: deps.db, notify: deps.notifier, acceptTimeoutMs: deps.acceptTimeoutMs, maxHops: deps.maxHops });
      if (moved.length) log.info({ moved }, 'offers timed out; handed on');
      if (deps.callbackLeadMs !== undefined) {
        const calls = await sendDueReminders({ db: deps.db, notify: deps.notifier, now: new Date(), leadMs: deps.callbackLeadMs });
        if (calls.reminded.length || calls.awayTold.length) log.info(calls, 'callback reminders sent');
      }
      for (const job of deps.jobs ?? []) await job();
      // Give a fresh alert its normal round trip before sending it again.
      await deps.resendUndelivered?.(Math.max(5_000, deps.intervalMs));
    } catch (err) {
      log.error({ err }, 'sweep failed');
    }
  };
  const tick = () => {
    if (!current) current = work().finally(() => (current = null));
    return current;
  };
  const timer = setInterval(tick, deps.intervalMs);
  timer.unref();
  return {
    /** No new tick; resolves when the one running (if any) has finished. */
    stop: async () => {
      clearInterval(timer);
      await current;
    },
    tick,
  };
};
