import crypto from 'node:crypto';
import type { Db } from '../db/client.ts';
import { verifySessionToken, type SessionKind } from './session.ts';

/**
 * Server-side sessions. A token is 32 random bytes given to the client once (cookie, or the agent's
 * bearer token for sockets); the database keeps only its sha256. So signing out, changing a password
 * or deactivating an agent ends every token of theirs at once: the next request or socket re-check
 * finds the row revoked.
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
export const readSession = async (opts: { db: Db; kind: SessionKind; token: string | null | undefined; now?: Date }): Promise<ReadSession | null> => {
  const { db, kind, token } = opts;
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
  const row = await db.session.findUnique({ where: { id: hashToken(token) } });
  if (!row || row.kind !== kind || row.revokedAt || row.expiresAt <= now) return null;
  if (kind === 'agent') {
    const agent = await db.agent.findUnique({ where: { id: row.subjectId }, select: { active: true } });
    if (!agent?.active) return null;
  }
  if (kind === 'customer' && now.getTime() - row.lastSeenAt.getTime() > CUSTOMER_RENEW_AFTER_MS) {
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS.customer);
    await db.session.update({ where: { id: row.id }, data: { lastSeenAt: now, expiresAt } });
    return { ...(row as SessionRow), lastSeenAt: now, expiresAt, renewedToken: token };
  }
  return row as SessionRow;
};

export const revokeSession = async (opts: { db: Db; id: string; now?: Date }): Promise<void> => {
  await opts.db.session.updateMany({ where: { id: opts.id, revokedAt: null }, data: { revokedAt: opts.now ?? new Date() } });
};

/** Ends every session of one agent (or customer), except optionally the one just created. */
export const revokeAllSessions = async (opts: { db: Db; kind: SessionKind; subjectId: string; exceptId?: string; now?: Date }): Promise<number> => {
  const { count } = await opts.db.session.updateMany({
    where: { kind: opts.kind, subjectId: opts.subjectId, revokedAt: null, ...(opts.exceptId ? { id: { not: opts.exceptId } } : {}) },
    data: { revokedAt: opts.now ?? new Date() },
  });
  return count;
};

/** Of these session ids, the ones no longer valid (revoked, expired, deleted, agent gone). */
export const findEndedSessions = async (opts: { db: Db; ids: string[]; now?: Date }): Promise<string[]> => {
  if (!opts.ids.length) return [];
  const now = opts.now ?? new Date();
  const rows = await opts.db.session.findMany({ where: { id: { in: opts.ids } }, select: { id: true, kind: true, subjectId: true, revokedAt: true, expiresAt: true } });
  const agentIds = rows.filter((r) => r.kind === 'agent').map((r) => r.subjectId);
  const active = new Set(
    agentIds.length ? (await opts.db.agent.findMany({ where: { id: { in: agentIds }, active: true }, select: { id: true } })).map((a) => a.id) : [],
  );
  const live = new Set(rows.filter((r) => !r.revokedAt && r.expiresAt > now && (r.kind !== 'agent' || active.has(r.subjectId))).map((r) => r.id));
  return opts.ids.filter((id) => !live.has(id));
};
