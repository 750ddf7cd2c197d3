import type { Db } from '../db/client.ts';
import { rawOf } from '../db/raw.ts';
import { log } from '../log.ts';
import type { SessionKind } from './session.ts';

/** What a call needs of its session: the rest of the row (user agent, created) is for "Your devices". */
export type CachedSession = { id: string; kind: SessionKind; subjectId: string; expiresAt: Date; lastSeenAt: Date };

/**
 * Live sessions kept in the instance (issue 27): a token's row is read once, then every call and socket
 * event of that session is answered from memory. Keyed by the token's hash (the row id); a token that
 * matched nothing is never kept, so a fresh sign-in works at once everywhere.
 *
 * How a revocation ends a kept session:
 * - on this instance at once: revokeSession, revokeAllSessions and the customer merge and erasure drop
 *   what they revoke (`forgetSessions`, `forgetSubject`);
 * - on every other process within a second: each instance asks the database, every `pollMs`, which rows
 *   were revoked since its last look (one indexed statement, `Session_revokedAt_idx`) and drops them —
 *   whoever revoked them (another instance, `npm run agent -- deactivate`, an admin's SQL);
 * - kept sessions are trusted only while those looks succeed: none answered for `trustMs` (database
 *   down, event loop stalled) and every call reads its row again, as before the cache.
 * docs/decisions.md, "Sessions cached in the instance (issue 27)".
 */
export type SessionCache = {
  /** The kept session, when this instance may answer for it without the database; else null (read the row). */
  get: (db: Db, id: string, now: Date) => CachedSession | null;
  /** Taken before reading a row: `put` then refuses the row if a revocation here came in between. */
  stamp: () => number;
  put: (db: Db, session: CachedSession, stamp: number) => void;
  forgetSessions: (ids: Iterable<string>) => void;
  forgetSubject: (kind: SessionKind, subjectId: string) => void;
  /** One look at what was revoked since the last one (the follower's tick; tests call it directly). */
  poll: (db: Db) => Promise<void>;
  /** Starts keeping sessions of `db` and looking every `pollMs`; returns a stop (then nothing is kept). */
  follow: (db: Db, pollMs?: number) => () => void;
  size: () => number;
};

export type SessionCacheOptions = {
  /** how often the revoked rows are asked for (follow may say otherwise) */
  pollMs?: number;
  /** kept sessions are served only if a look that started this recently succeeded (default: 2 × pollMs) */
  trustMs?: number;
  /** each look reaches this far before the previous one began: clock skew, and a revocation's
   *  transaction that committed after its stamp */
  overlapMs?: number;
  maxEntries?: number;
  clock?: () => number;
};

export const SESSION_POLL_MS = 500;

export const createSessionCache = (opts: SessionCacheOptions = {}): SessionCache => {
  let pollMs = opts.pollMs ?? SESSION_POLL_MS;
  let trustMs = opts.trustMs ?? 2 * pollMs;
  const overlapMs = opts.overlapMs ?? 10_000;
  const maxEntries = opts.maxEntries ?? 50_000;
  const clock = opts.clock ?? Date.now;

  // Map order is use order (a hit moves its entry to the end): the first key is the least recently used.
  const entries = new Map<string, CachedSession>();
  const bySubject = new Map<string, Set<string>>();
  const subjectKey = (kind: string, subjectId: string) => `${kind}:${subjectId}`;
  let followed: Db | null = null;
  let lastOkAt = -Infinity;
  let sinceMs = 0;
  // Bumped by every local revocation: a row read before it is not kept (it may be the revoked one).
  let generation = 0;
  // Revoked rows the last look returned: a row read just before its revocation committed is not kept.
  let recentlyRevoked = new Set<string>();

  const drop = (id: string) => {
    const e = entries.get(id);
    if (!e) return;
    entries.delete(id);
    const key = subjectKey(e.kind, e.subjectId);
    const ids = bySubject.get(key);
    ids?.delete(id);
    if (ids && !ids.size) bySubject.delete(key);
  };

  const reset = (db: Db | null) => {
    entries.clear();
    bySubject.clear();
    recentlyRevoked = new Set();
    followed = db;
    lastOkAt = -Infinity;
    sinceMs = clock() - overlapMs;
  };

  const trusted = (db: Db) => followed === db && clock() - lastOkAt <= trustMs;

  const poll = async (db: Db) => {
    if (followed !== db) reset(db);
    const started = clock();
    const raw = await rawOf(db);
    const rows = await raw.query<{ id: string }>('SELECT "id" FROM "Session" WHERE "revokedAt" >= $1', [new Date(sinceMs)]);
    if (followed !== db) return; // stopped (or following another database) meanwhile
    recentlyRevoked = new Set(rows.map((r) => r.id));
    for (const id of recentlyRevoked) drop(id);
    lastOkAt = started;
    sinceMs = started - overlapMs;
  };

  return {
    get: (db, id, now) => {
      if (!trusted(db)) return null;
      const e = entries.get(id);
      if (!e) return null;
      if (e.expiresAt <= now) {
        drop(id);
        return null;
      }
      entries.delete(id);
      entries.set(id, e);
      return e;
    },
    stamp: () => generation,
    put: (db, s, stamp) => {
      if (followed !== db || stamp !== generation || recentlyRevoked.has(s.id)) return;
      drop(s.id);
      entries.set(s.id, { id: s.id, kind: s.kind, subjectId: s.subjectId, expiresAt: s.expiresAt, lastSeenAt: s.lastSeenAt });
      const key = subjectKey(s.kind, s.subjectId);
      let ids = bySubject.get(key);
      if (!ids) bySubject.set(key, (ids = new Set()));
      ids.add(s.id);
      while (entries.size > maxEntries) drop(entries.keys().next().value!);
    },
    forgetSessions: (ids) => {
      generation++;
      for (const id of ids) drop(id);
    },
    forgetSubject: (kind, subjectId) => {
      generation++;
      for (const id of [...(bySubject.get(subjectKey(kind, subjectId)) ?? [])]) drop(id);
    },
    poll,
    follow: (db, every) => {
      if (every) [pollMs, trustMs] = [every, opts.trustMs ?? 2 * every];
      reset(db);
      let running = false;
      let failing = false;
      const tick = async () => {
        if (running) return; // a slow look is not stacked on: trust simply runs out meanwhile
        running = true;
        try {
          await poll(db);
          if (failing) log.info('session cache: revoked sessions can be looked up again; kept sessions are trusted again');
          failing = false;
        } catch (err) {
          // Said once per outage, not twice a second.
          if (!failing) log.warn({ err }, 'session cache: could not look for revoked sessions; reading every session until it can');
          failing = true;
        } finally {
          running = false;
        }
      };
      void tick();
      const timer = setInterval(() => void tick(), pollMs);
      timer.unref();
      return () => {
        clearInterval(timer);
        if (followed === db) reset(null);
      };
    },
    size: () => entries.size,
  };
};

// Route handlers are bundled apart from server.ts: globalThis gives the whole process one cache.
const g = globalThis as unknown as { __sessionCache?: SessionCache };
export const getSessionCache = (): SessionCache => (g.__sessionCache ??= createSessionCache());
