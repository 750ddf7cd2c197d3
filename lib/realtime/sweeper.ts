import type { Db } from '../db/client.ts';
import { log } from '../log.ts';
import { sweepPresence, type PresenceConfig } from '../agents/presence.ts';
import { reassignExpiredOffers } from '../requests/reassign-request.ts';
import type { Notifier } from './notifier.ts';

/**
 * The background rules that depend on time: presence (grace, idle) and the accept timeout. Each run
 * reads stored timestamps, so a restart or a second instance changes nothing about the outcome.
 * With several instances only the leader (lib/db/leadership.ts) runs them, so each deadline is acted
 * on once; the others wait to take over.
 */
export const startSweeper = (deps: {
  db: Db;
  notifier: Notifier;
  intervalMs: number;
  presence: PresenceConfig;
  acceptTimeoutMs: number;
  resendUndelivered?: (olderThanMs: number) => Promise<number>;
  /** resolves true when this instance should sweep now (the leader); default: always */
  shouldRun?: () => Promise<boolean>;
}) => {
  let current: Promise<void> | null = null;
  const work = async () => {
    try {
      if (deps.shouldRun && !(await deps.shouldRun())) return;
      log.debug({ at: Date.now() }, 'sweep tick');
      for (const change of await sweepPresence({ db: deps.db, config: deps.presence })) {
        deps.notifier.agentStatusChanged(change.agentId, change.status);
      }
      const moved = await reassignExpiredOffers({ db: deps.db, notify: deps.notifier, acceptTimeoutMs: deps.acceptTimeoutMs });
      if (moved.length) log.info({ moved }, 'offers timed out; handed to the next best agent');
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
