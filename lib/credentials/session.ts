import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Cookies, and the legacy signed tokens `v1.<kind>.<id>.<expires>.<sig>` that sessions used before
 * they were kept server-side (lib/credentials/sessions.ts). A legacy customer cookie is still honoured once,
 * and exchanged for a server-side session, so no customer loses their identity with the upgrade.
 */

/** Who a session belongs to (server-side sessions, lib/credentials/sessions.ts). */
export type SessionKind = 'agent' | 'customer' | 'admin';
/** The legacy signed tokens were only ever made for agents and customers. */
type LegacyTokenKind = Exclude<SessionKind, 'admin'>;
type CookieKind = SessionKind | 'visitor';

export const COOKIE = { agent: 'ea_agent', customer: 'ea_customer', admin: 'ea_admin', visitor: 'ea_visitor' } as const;
/** Legacy token lifetimes (verification of old cookies only). */
export const SESSION_TTL_SECONDS = { agent: 12 * 3600, customer: 365 * 24 * 3600 } as const;
/** Cookie lifetimes; the server-side session decides validity, the cookie only carries the token. */
export const COOKIE_MAX_AGE_SECONDS: Record<CookieKind, number> = { agent: 12 * 3600, admin: 8 * 3600, customer: 180 * 24 * 3600, visitor: 7 * 24 * 3600 };

const KIND_TAG: Record<LegacyTokenKind, string> = { agent: 'a', customer: 'c' };

/**
 * The signing secret: SESSION_SECRET, or (single machine, dev) one generated once and kept in
 * data/ so restarts keep everyone signed in. server.ts calls this before anything else and puts the
 * value into the environment so that route handlers in the same process agree.
 */
export const resolveSessionSecret = (dataDir = 'data'): string => {
  const fromEnv = process.env.SESSION_SECRET;
  if (fromEnv && fromEnv.length >= 16) return fromEnv;
  const file = path.resolve(dataDir, 'session-secret');
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 16) return existing;
  } catch {
    // first start: create below
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = crypto.randomBytes(32).toString('base64url');
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
};

const secret = (): string => {
  const s = process.env.SESSION_SECRET;
  if (!s) throw new Error('SESSION_SECRET is not set (server.ts sets it at start-up)');
  return s;
};

const sign = (payload: string): string => crypto.createHmac('sha256', secret()).update(payload).digest('base64url');

export const createSessionToken = (kind: LegacyTokenKind, id: string, now = Date.now()): string => {
  const expires = Math.floor(now / 1000) + SESSION_TTL_SECONDS[kind];
  const payload = `v1.${KIND_TAG[kind]}.${id}.${expires}`;
  return `${payload}.${sign(payload)}`;
};

/** Returns the subject id when the token is genuine, of the right kind and not expired. */
export const verifySessionToken = (kind: LegacyTokenKind, token: string | undefined | null, now = Date.now()): string | null => {
  if (!token) return null;
  const parts = token.split('.');
  if (parts.length !== 5) return null;
  const [v, tag, id, expires, sig] = parts;
  if (v !== 'v1' || tag !== KIND_TAG[kind] || !id) return null;
  const expected = Buffer.from(sign(parts.slice(0, 4).join('.')));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
  if (Number(expires) * 1000 <= now) return null;
  return id;
};

/** Reads one cookie from a Cookie header (sockets get only the raw header). */
export const readCookie = (header: string | undefined | null, name: string): string | undefined => {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return safeDecode(part.slice(eq + 1).trim());
  }
  return undefined;
};

/** A malformed escape in a cookie is somebody else's mistake: treat the cookie as absent, never throw. */
const safeDecode = (value: string): string | undefined => {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
};

export const sessionCookie = (kind: CookieKind, token: string, opts: { secure: boolean }): string =>
  [
    `${COOKIE[kind]}=${encodeURIComponent(token)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${COOKIE_MAX_AGE_SECONDS[kind]}`,
    ...(opts.secure ? ['Secure'] : []),
  ].join('; ');

export const clearedCookie = (kind: CookieKind): string => `${COOKIE[kind]}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
