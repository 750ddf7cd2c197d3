import crypto from 'node:crypto';
import type { Db } from '../db/client.ts';
import { AppError, isAppError } from '../errors.ts';
import { getLimits, maxOpenRequests, type LimitName, type Limits } from './rate-limits.ts';

/**
 * The throttles each call goes through, by what the call is. Keys: the client address and, when there
 * is one, the session (customer, visitor or agent) — so one flooding client runs out of its own budget
 * without touching anyone else's.
 */
export type ThrottleKeys = { ip: string; session?: string | null };

const PLAN = {
  matches: ['matches_session', 'matches_ip'],
  skips: ['skips_session', 'skips_ip'],
  choose: ['choose_session', 'choose_ip'],
  requests: ['requests_session', 'requests_ip'],
  covers: ['covers_session', 'covers_ip'],
  customer_create: [null, 'customer_create_ip'],
  customer_update: ['customer_update_session', null],
  password: ['password_session', null],
  messages: ['messages_session', 'messages_ip'],
  callbacks: ['callbacks_session', 'callbacks_ip'],
  ratings: ['ratings_session', null],
  readMarks: ['read_marks_session', null],
  settings: ['settings_session', null],
  devices: ['devices_session', null],
  exports: ['exports_session', 'exports_ip'],
  // The shop's identity is throttled like becoming a customer (it can make one).
  identify: [null, 'customer_create_ip'],
  handoff: ['handoff_session', null],
  handoff_redeem: [null, 'handoff_redeem_ip'],
  uploads: ['uploads_session', 'uploads_ip'],
} as const satisfies Record<string, readonly [LimitName | null, LimitName | null]>;

export type ThrottledCall = keyof typeof PLAN;

export const throttle = async (what: ThrottledCall, keys: ThrottleKeys, limits: Limits = getLimits()): Promise<void> => {
  const [bySession, byIp] = PLAN[what];
  if (bySession && keys.session) await limits.consume(bySession, keys.session);
  if (byIp) await limits.consume(byIp, keys.ip);
};

/**
 * The session key of a call, from the credential it presents (no database read), so the same key can
 * be checked before Next routes the call and counted inside the route: the customer cookie, else the
 * agent's bearer token or cookie, else the visitor cookie.
 */
export const sessionKeyOf = (credential: string | null | undefined): string | null =>
  credential ? `s:${crypto.createHash('sha256').update(credential).digest('base64url').slice(0, 32)}` : null;

/** Which throttle a raw request falls under (for the cheap check before Next), or null. */
export const throttledCallOf = (method: string, path: string, hasCustomerCookie: boolean): ThrottledCall | 'login' | null => {
  if (method === 'PUT' && (path === '/api/customers/me/settings' || path === '/api/agent/settings')) return 'settings';
  if (path === '/api/push/subscriptions' && (method === 'POST' || method === 'DELETE')) return 'settings';
  if (method === 'DELETE' && (path === '/api/customers/me' || /^\/api\/customers\/me\/sessions\/[^/]+$/.test(path))) return 'devices';
  if (method === 'GET' && path === '/api/customers/me/export') return 'exports';
  if (method !== 'POST') return null;
  if (path === '/api/matches') return 'matches';
  if (path === '/api/service-requests') return 'requests';
  if (path === '/api/customers') return hasCustomerCookie ? 'customer_update' : 'customer_create';
  if (path === '/api/customers/identify') return 'identify';
  if (path === '/api/customers/me/handoff') return 'handoff';
  if (path === '/api/customers/handoff' || path === '/api/agent/sign-in-link') return 'handoff_redeem';
  if (path === '/api/agent/login' || path === '/api/admin/login') return 'login';
  if (path === '/api/agent/password') return 'password';
  if (path === '/api/callbacks') return 'callbacks';
  if (path === '/api/uploads') return 'uploads';
  const m = path.match(/^\/api\/(matches|service-requests)\/[^/]+\/(skip|choose|cover|messages|rating|read)$/);
  if (m) return ({ skip: 'skips', choose: 'choose', cover: 'covers', messages: 'messages', rating: 'ratings', read: 'readMarks' } as const)[m[2] as 'skip'];
  if (/^\/api\/(agent\/)?callbacks\/[^/]+\/(reschedule|cancel)$/.test(path)) return 'callbacks';
  return null;
};

/**
 * Refuses, before any work, a call whose session or address has already used up its budget; counts
 * nothing (the route counts). A flood past its limit then costs the server next to nothing per call.
 */
export const precheck = async (what: ThrottledCall | 'login', keys: ThrottleKeys, limits: Limits = getLimits()): Promise<void> => {
  if (what === 'login') return limits.assertNotOver('login_ip', keys.ip, { message: signInBusy });
  const [bySession, byIp] = PLAN[what];
  if (bySession && keys.session) await limits.assertNotOver(bySession, keys.session);
  if (byIp) await limits.assertNotOver(byIp, keys.ip);
};

const signInBusy = 'Too many sign-in attempts. Please wait a moment and try again.';

/**
 * Sign-in: an address gets a few tries a minute (each costs a scrypt); failures for one account count
 * per address (5 → wait) and in total (past 30, tries for that account are spaced 2 s apart — a
 * slow-down an attacker cannot turn into a lock-out of the real agent, who signs in from another address).
 */
export const guardSignIn = async <T>(opts: { ip: string; email: string; attempt: () => Promise<T>; limits?: Limits }): Promise<T> => {
  const limits = opts.limits ?? getLimits();
  const email = opts.email.toLowerCase();
  const pair = `${email}|${opts.ip}`;
  await limits.consume('login_ip', opts.ip, { message: signInBusy });
  await limits.assertNotOver('login_fail_account_ip', pair, { message: signInBusy });
  if (await limits.isOver('login_fail_account', email)) await limits.consume('login_account_spacing', email, { message: signInBusy });
  try {
    const result = await opts.attempt();
    await limits.reset('login_fail_account_ip', pair);
    return result;
  } catch (err) {
    if (isAppError(err) && err.code === 'invalid_credentials') {
      await Promise.all([limits.penalize('login_fail_account_ip', pair), limits.penalize('login_fail_account', email)]);
    }
    throw err;
  }
};

/** "Email me a sign-in link": per address, and per e-mail address (so nobody floods one inbox from many places). */
export const throttleSignInLink = async (keys: { ip: string; email: string }, limits: Limits = getLimits()): Promise<void> => {
  await limits.consume('signin_link_ip', keys.ip);
  await limits.consume('signin_link_email', crypto.createHash('sha256').update(keys.email.trim().toLowerCase()).digest('hex'));
};
