import crypto from 'node:crypto';
import type { Db } from '../db/client.ts';
import { verifySessionToken, type SessionKind } from './session.ts';
import { getSessionCache, type SessionCache } from './session-cache.ts';

/**
 * Server-side sessions. A token is 32 random bytes given to the client once (cookie, or the agent's
 * bearer token for sockets); the database keeps only its sha256. So signing out, changing a password
 * or deactivating an agent ends every token of theirs at once: the next request or socket re-check
 * finds the row revoked. A row read once is kept in the instance (session-cache.ts): the revocations
 * below drop it here at once, and every other instance drops it within a second.
 */


export const SESSION_TTL_MS: Record<SessionKind, number> = {
  agent: 12 * 3600_000,
  admin: 8 * 3600_000,
  // A customer's device stays known while it is used: the window slides forward (see renewal below).
  customer: 180 * 24 * 3600_000,
};

/** A customer session used more than this after its last renewal gets a fresh expiry and cookie. */
export const CUSTOMER_RENEW_AFTER_MS = 24 * 3600_000;

const TOKEN = /^s1\.[A-Za-z0-9_-]{43}$/;

export const hashToken = (token: string): string => crypto.createHash('sha256').update(token).digest('hex');

export const newToken = (): string => `s1.${crypto.randomBytes(32).toString('base64url')}`;

export type SessionRow = { id: string; kind: SessionKind; subjectId: string; expiresAt: Date; lastSeenAt: Date };

/** Longest User-Agent kept with a session: enough to name the browser and system, never a blob. */
export const MAX_USER_AGENT = 512;

export const createSession = async (opts: {
  db: Db;
  kind: SessionKind;
  subjectId: string;
  now?: Date;
  /** the browser's User-Agent header: a customer's "Your devices" names the device from it */
  userAgent?: string | null;
}): Promise<{ token: string; session: SessionRow }> => {
  const now = opts.now ?? new Date();
  const token = newToken();
  const userAgent = opts.userAgent?.slice(0, MAX_USER_AGENT) || null;
  const row = await opts.db.session.create({
    data: { id: hashToken(token), kind: opts.kind, subjectId: opts.subjectId, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS[opts.kind]), userAgent },
  });
  return { token, session: row as SessionRow };
};

export type ReadSession = SessionRow & {
  /** set when the client should get a new cookie: a slid customer session or an upgraded legacy token */
  renewedToken?: string;
};

/**
 * The live session behind a token, or null. An agent's session also needs the agent to be active.
 * A customer's legacy signed cookie (before server-side sessions) is exchanged for a session, so no
 * customer loses their identity with the upgrade.
 */
export const readSession = async (opts: {
  db: Db;
  kind: SessionKind;
  token: string | null | undefined;
  now?: Date;
  /** the instance's cache (tests give their own) */
  cache?: SessionCache;
}): Promise<ReadSession | null> => {
  const { db, kind, token } = opts;
  const cache = opts.cache ?? getSessionCache();
  if (!token) return null;
  const now = opts.now ?? new Date();
  if (!TOKEN.test(token)) {
    if (kind !== 'customer') return null;
    const legacyId = verifySessionToken('customer', token, now.getTime());
    // An erased customer (DELETE /api/customers/me) is reached by no cookie again, an old signed one included.
    const legacy = legacyId ? await db.customer.findUnique({ where: { id: legacyId }, select: { erasedAt: true } }) : null;
    if (!legacyId || !legacy || legacy.erasedAt) return null;
    const fresh = await createSession({ db, kind, subjectId: legacyId, now });
    return { ...fresh.session, renewedToken: fresh.token };
  }
  const id = hashToken(token);
  const renewDue = (s: SessionRow) => kind === 'customer' && now.getTime() - s.lastSeenAt.getTime() > CUSTOMER_RENEW_AFTER_MS;
  const kept = cache.get(db, id, now);
  if (kept && kept.kind !== kind) return null;
  // A kept session that is due for renewal is read again: the row decides, and gets the new expiry.
  if (kept && !renewDue(kept)) return { ...kept };
  const stamp = cache.stamp();
  const found = await db.session.findUnique({ where: { id } });
  if (!found || found.kind !== kind || found.revokedAt || found.expiresAt <= now) return null;
  // Only what a call needs (as a kept session has it): the same answer from the cache and from the row.
  const row: SessionRow = { id: found.id, kind, subjectId: found.subjectId, expiresAt: found.expiresAt, lastSeenAt: found.lastSeenAt };
  if (kind === 'agent') {
    // Kept with the session: deactivating an agent revokes every session of theirs (lib/staff/deactivate-agent.ts).
    const agent = await db.agent.findUnique({ where: { id: row.subjectId }, select: { active: true } });
    if (!agent?.active) return null;
  }
  if (renewDue(row)) {
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS.customer);
    await db.session.update({ where: { id: row.id }, data: { lastSeenAt: now, expiresAt } });
    const renewed = { ...row, lastSeenAt: now, expiresAt };
    cache.put(db, renewed, stamp);
    return { ...renewed, renewedToken: token };
  }
  cache.put(db, row, stamp);
  return { ...row };
};

/**
 * When a revocation is stamped: never before the write itself, even if the caller's `now` is older (a
 * job's start, a test's fixed time). Other instances find revocations by this stamp (session-cache.ts).
 */
export const revocationTime = (now?: Date): Date => new Date(Math.max(now?.getTime() ?? 0, Date.now()));

export const revokeSession = async (opts: { db: Db; id: string; now?: Date }): Promise<void> => {
  await opts.db.session.updateMany({ where: { id: opts.id, revokedAt: null }, data: { revokedAt: revocationTime(opts.now) } });
  getSessionCache().forgetSessions([opts.id]);
};

/** Ends every session of one agent (or customer), except optionally the one just created. */
export const revokeAllSessions = async (opts: { db: Db; kind: SessionKind; subjectId: string; exceptId?: string; now?: Date }): Promise<number> => {
  const { count } = await opts.db.session.updateMany({
    where: { kind: opts.kind, subjectId: opts.subjectId, revokedAt: null, ...(opts.exceptId ? { id: { not: opts.exceptId } } : {}) },
    data: { revokedAt: revocationTime(opts.now) },
  });
  getSessionCache().forgetSubject(opts.kind, opts.subjectId);
  return count;
};

/** Of these session ids, the ones no longer valid (revoked, expired, deleted, agent gone). */
export const findEndedSessions = async (opts: {
  db: Db;
  ids: string[];
  now?: Date;
  /** given (a socket's every event): sessions this instance keeps as live are not read again */
  cache?: SessionCache;
}): Promise<string[]> => {
  const now = opts.now ?? new Date();
  const ids = opts.cache ? opts.ids.filter((id) => !opts.cache!.get(opts.db, id, now)) : opts.ids;
  if (!ids.length) return [];
  const rows = await opts.db.session.findMany({ where: { id: { in: ids } }, select: { id: true, kind: true, subjectId: true, revokedAt: true, expiresAt: true } });
  const agentIds = rows.filter((r) => r.kind === 'agent').map((r) => r.subjectId);
  const active = new Set(
    agentIds.length ? (await opts.db.agent.findMany({ where: { id: { in: agentIds }, active: true }, select: { id: true } })).map((a) => a.id) : [],
  );
  const live = new Set(rows.filter((r) => !r.revokedAt && r.expiresAt > now && (r.kind !== 'agent' || active.has(r.subjectId))).map((r) => r.id));
  return ids.filter((id) => !live.has(id));
};
