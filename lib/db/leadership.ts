import pg from 'pg';
import { log } from '../log.ts';

/**
 * One leader among the app instances, for the work that must happen once per deadline across them
 * (the sweeper: presence, accept timeout, re-sends). The leader holds a PostgreSQL session advisory
 * lock on its own connection; the others try again every tick. When the leader stops, it releases the
 * lock; when it crashes, PostgreSQL drops its connection and the lock with it, and the next instance
 * to tick takes over. Each tick first checks the connection still answers, so an instance that lost
 * its connection stops sweeping. (Every sweep step is also a conditional write, so even an overlap
 * in that instant moves nothing twice.)
 */
export type Leadership = {
  /** true when this instance leads now (acquires leadership if free) */
  tryLead: () => Promise<boolean>;
  isLeader: () => boolean;
  release: () => Promise<void>;
};

export const SWEEPER_LOCK_KEY = 72_707_002;

export const createPgLeadership = (opts: { url: string; key?: number; name?: string }): Leadership => {
  const key = opts.key ?? SWEEPER_LOCK_KEY;
  let client: pg.Client | null = null;
  let leader = false;

  const drop = (why: string) => {
    if (leader) log.warn({ lock: opts.name ?? key, why }, 'leadership lost');
    leader = false;
    client?.end().catch(() => {});
    client = null;
  };

  return {
    isLeader: () => leader,
    tryLead: async () => {
      try {
        if (!client) {
          const c = new pg.Client({ connectionString: opts.url, application_name: 'exclusive-agent leader' });
          c.on('error', (err) => client === c && drop(err.message));
          await c.connect();
          client = c;
        }
        if (leader) {
          await client.query('SELECT 1');
          return true;
        }
        const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [key]);
        leader = r.rows[0]!.ok;
        if (leader) log.info({ lock: opts.name ?? key }, 'leadership acquired');
        return leader;
      } catch (err) {
        drop(err instanceof Error ? err.message : String(err));
        return false;
      }
    },
    release: async () => {
      const c = client;
      client = null;
      if (!c) return;
      try {
        if (leader) await c.query('SELECT pg_advisory_unlock($1)', [key]);
      } finally {
        leader = false;
        await c.end().catch(() => {});
      }
    },
  };
};

/** SQLite means one process: it always leads. */
export const soleLeadership = (): Leadership => ({ tryLead: async () => true, isLeader: () => true, release: async () => {} });
