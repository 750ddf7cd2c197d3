import crypto from 'node:crypto';
import Bowser from 'bowser';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import type { Notifier } from '../events/types.ts';
import { revokeSession } from '../credentials/sessions.ts';

/**
 * "Your devices": every signed-in device (a live customer session) of one customer, and signing one out.
 *
 * The Session row's id is sha256 of the token — not the token, but the one key a session is found by.
 * It never leaves the server: a device is named by a public id derived from it with an HMAC under the
 * session secret ("d1_" + 128 bits, base64url). It says nothing about the token or its hash, cannot be
 * turned back into either, and needs no column (found again by deriving it for the caller's few
 * sessions). A change of SESSION_SECRET changes the public ids, which only matters to a list already on
 * a screen: the next listing has the new ones.
 */

export type DeviceView = {
  id: string;
  /** when this device signed in */
  since: string;
  /** when the session was last renewed (customer sessions renew at most once a day: see lib/credentials/sessions.ts) */
  lastUsedAt: string;
  /** browser and system in words, e.g. "Chrome on Android"; null when the browser did not say */
  device: string | null;
  browser: string | null;
  os: string | null;
  /** the device this call came from */
  current: boolean;
};

const secretOf = (secret?: string): string => {
  const s = secret ?? process.env.SESSION_SECRET;
  if (!s) throw new Error('SESSION_SECRET is not set (server.ts sets it at start-up)');
  return s;
};

export const publicSessionId = (sessionId: string, secret?: string): string =>
  `d1_${crypto.createHmac('sha256', secretOf(secret)).update(`device:${sessionId}`).digest('base64url').slice(0, 22)}`;

/** Browser and system from a User-Agent, as words; nulls for what it does not say. */
export const describeUserAgent = (ua: string | null | undefined): { device: string | null; browser: string | null; os: string | null } => {
  if (!ua) return { device: null, browser: null, os: null };
  const parsed = Bowser.parse(ua);
  const browser = parsed.browser.name || null;
  const os = parsed.os.name || null;
  const device = browser && os ? `${browser} on ${os}` : (browser ?? os);
  return { device, browser, os };
};

/** The customer's live sessions, newest first (at most 100: nobody has more devices than that). */
const liveSessionsOf = (db: Db, customerId: string, now: Date) =>
  db.session.findMany({
    where: { kind: 'customer', subjectId: customerId, revokedAt: null, expiresAt: { gt: now } },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    take: 100,
  });

export const listDevices = async (opts: { db: Db; customerId: string; currentSessionId: string | null; now?: Date; secret?: string }): Promise<DeviceView[]> => {
  const rows = await liveSessionsOf(opts.db, opts.customerId, opts.now ?? new Date());
  // This device first, then the newest sign-ins: the one a person is holding is where they look first.
  rows.sort((a, b) => Number(b.id === opts.currentSessionId) - Number(a.id === opts.currentSessionId));
  return rows.map((r) => ({
    id: publicSessionId(r.id, opts.secret),
    since: r.createdAt.toISOString(),
    lastUsedAt: r.lastSeenAt.toISOString(),
    ...describeUserAgent(r.userAgent),
    current: r.id === opts.currentSessionId,
  }));
};

/**
 * Signs one of the customer's devices out: its session is revoked and its sockets closed at once (on
 * another instance, by that instance's next session re-check). An id that is not one of this
 * customer's live sessions is "not found", whoever's it may be. Returns the session's row id, so the
 * caller knows whether it signed itself out.
 */
export const signOutDevice = async (opts: { db: Db; notify: Notifier; customerId: string; id: string; now?: Date; secret?: string }): Promise<{ sessionId: string }> => {
  const now = opts.now ?? new Date();
  const rows = await liveSessionsOf(opts.db, opts.customerId, now);
  const row = rows.find((r) => publicSessionId(r.id, opts.secret) === opts.id);
  if (!row) throw new AppError('not_found', 'No such device among yours.', 'id');
  await revokeSession({ db: opts.db, id: row.id, now });
  opts.notify.endSessions?.({ sessionIds: [row.id] });
  return { sessionId: row.id };
};
