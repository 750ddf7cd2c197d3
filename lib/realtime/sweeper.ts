import type { Db } from '../db/client.ts';
import { log } from '../log.ts';
import { beatInstance, type PresenceConfig } from '../agents/presence.ts';
import { sweepPresenceAndFollow } from '../requests/follow-presence.ts';
import { reassignExpiredOffers } from '../requests/reassign-request.ts';
import type { Notifier } from '../requests/notifier.ts';

/**
 * The background rules that depend on time: this instance's heartbeat, presence (grace, idle, dead
 * instances) and the accept timeout. Each run reads stored timestamps, so a restart or a second
 * instance changes nothing about the outcome.
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
}) => {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await beatInstance({ db: deps.db, instanceId: deps.instanceId });
      await sweepPresenceAndFollow({ db: deps.db, notify: deps.notifier, config: deps.presence, maxHops: deps.maxHops });
      const moved = await reassignExpiredOffers({ db: deps.db, notify: deps.notifier, acceptTimeoutMs: deps.acceptTimeoutMs, maxHops: deps.maxHops });
      if (moved.length) log.info({ moved }, 'offers timed out; handed on');
      // Give a fresh alert its normal round trip before sending it again.
      await deps.resendUndelivered?.(Math.max(5_000, deps.intervalMs));
    } catch (err) {
      log.error({ err }, 'sweep failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, deps.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), tick };
};
