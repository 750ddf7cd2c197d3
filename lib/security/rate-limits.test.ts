import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { createLimits, maxOpenRequests, pointsOf } from './rate-limits.ts';
import { guardSignIn, throttle } from './throttle.ts';

const env = (e: Record<string, string> = {}) => ({ ...e }) as NodeJS.ProcessEnv;
const rejected = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return err as AppError;
  }
  return null;
};
const wrong = () => Promise.reject(new AppError('invalid_credentials', 'Email or password is wrong.', 'password'));
const right = () => Promise.resolve('signed-in');

describe('limits in config', () => {
  it('defaults, one override, and RATE_LIMIT_MULTIPLIER scaling them all', () => {
    expect(pointsOf('matches_session', env())).toBe(30);
    expect(pointsOf('matches_session', env({ RATE_LIMIT_MATCHES_SESSION: '5' }))).toBe(5);
    expect(pointsOf('matches_session', env({ RATE_LIMIT_MULTIPLIER: '3' }))).toBe(90);
    expect(pointsOf('login_account_spacing', env({ RATE_LIMIT_MULTIPLIER: '0.1' }))).toBe(1); // never 0: never off
    expect(maxOpenRequests(env({ RATE_LIMIT_MULTIPLIER: '2' }))).toBe(20);
    expect(pointsOf('matches_session', env({ RATE_LIMIT_MULTIPLIER: 'nonsense' }))).toBe(30);
  });

  it('over the limit: 429 rate_limited with Retry-After in seconds; other keys unaffected', async () => {
    const limits = createLimits({ env: env({ RATE_LIMIT_MATCHES_SESSION: '2' }) });
    await throttle('matches', { ip: '1.1.1.1', session: 'c:a' }, limits);
    await throttle('matches', { ip: '1.1.1.1', session: 'c:a' }, limits);
    const err = await rejected(throttle('matches', { ip: '1.1.1.1', session: 'c:a' }, limits));
    expect(err?.status).toBe(429);
    expect(err?.code).toBe('rate_limited');
    expect(Number(err?.headers?.['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(err?.headers?.['retry-after'])).toBeLessThanOrEqual(60);
    await throttle('matches', { ip: '1.1.1.1', session: 'c:b' }, limits);
  });
});

describe('sign-in throttle', () => {
  it('an address gets 20 tries a minute, then 429 before any password is checked', async () => {
    const limits = createLimits({ env: env() });
    let checked = 0;
    const attempt = () => (checked++, wrong());
    for (let i = 0; i < 20; i++) {
      const email = `u${i}@x.cn`; // different accounts: only the address limit applies
      expect((await rejected(guardSignIn({ ip: '9.9.9.9', email, attempt, limits })))?.code).toBe('invalid_credentials');
    }
    expect((await rejected(guardSignIn({ ip: '9.9.9.9', email: 'z@x.cn', attempt, limits })))?.status).toBe(429);
    expect(checked).toBe(20);
  });

  it('5 failures for one account from one address block that pair, not the real agent elsewhere', async () => {
    const limits = createLimits({ env: env() });
    for (let i = 0; i < 5; i++) await rejected(guardSignIn({ ip: '6.6.6.6', email: 'li@x.cn', attempt: wrong, limits }));
    expect((await rejected(guardSignIn({ ip: '6.6.6.6', email: 'li@x.cn', attempt: right, limits })))?.status).toBe(429);
    expect(await guardSignIn({ ip: '10.0.0.1', email: 'li@x.cn', attempt: right, limits })).toBe('signed-in');
  });

  it('many failures from many addresses only space out tries for that account (2 s), never lock it', async () => {
    const limits = createLimits({ env: env() });
    for (let i = 0; i < 30; i++) await rejected(guardSignIn({ ip: `7.7.${i}.1`, email: 'li@x.cn', attempt: wrong, limits }));
    // The real agent: the first try passes the spacing, an immediate second one is asked to wait ≤ 2 s.
    expect(await guardSignIn({ ip: '10.0.0.2', email: 'li@x.cn', attempt: right, limits })).toBe('signed-in');
    const busy = await rejected(guardSignIn({ ip: '10.0.0.2', email: 'li@x.cn', attempt: right, limits }));
    expect(busy?.status).toBe(429);
    expect(Number(busy?.headers?.['retry-after'])).toBeLessThanOrEqual(2);
  });
});

describe('the cheap check before Next', () => {
  it('maps raw calls to their throttle', async () => {
    const { throttledCallOf } = await import('./throttle.ts');
    expect(throttledCallOf('POST', '/api/matches', false)).toBe('matches');
    expect(throttledCallOf('POST', '/api/matches/abc/skip', false)).toBe('skips');
    expect(throttledCallOf('POST', '/api/matches/abc/choose', true)).toBe('choose');
    expect(throttledCallOf('POST', '/api/service-requests/abc/cover', true)).toBe('covers');
    expect(throttledCallOf('POST', '/api/service-requests', true)).toBe('requests');
    expect(throttledCallOf('POST', '/api/customers', false)).toBe('customer_create');
    expect(throttledCallOf('POST', '/api/customers', true)).toBe('customer_update');
    expect(throttledCallOf('POST', '/api/agent/login', false)).toBe('login');
    expect(throttledCallOf('GET', '/api/matches/abc', false)).toBeNull();
    expect(throttledCallOf('POST', '/api/service-requests/abc/wait', true)).toBeNull();
    // Issues 14, 15, 17's routes: admin sign-in, threads, ratings, callbacks, settings and push.
    expect(throttledCallOf('POST', '/api/admin/login', false)).toBe('login');
    expect(throttledCallOf('POST', '/api/service-requests/abc/messages', true)).toBe('messages');
    expect(throttledCallOf('POST', '/api/service-requests/abc/rating', true)).toBe('ratings');
    expect(throttledCallOf('POST', '/api/service-requests/abc/read', true)).toBe('readMarks');
    expect(throttledCallOf('POST', '/api/callbacks', true)).toBe('callbacks');
    expect(throttledCallOf('POST', '/api/callbacks/abc/cancel', true)).toBe('callbacks');
    expect(throttledCallOf('POST', '/api/agent/callbacks/abc/reschedule', false)).toBe('callbacks');
    expect(throttledCallOf('PUT', '/api/customers/me/settings', true)).toBe('settings');
    expect(throttledCallOf('PUT', '/api/agent/settings', false)).toBe('settings');
    expect(throttledCallOf('DELETE', '/api/push/subscriptions', true)).toBe('settings');
    // Issue 25: signing a device out, erasing my data, downloading it.
    expect(throttledCallOf('DELETE', '/api/customers/me/sessions/d1_abc', true)).toBe('devices');
    expect(throttledCallOf('DELETE', '/api/customers/me', true)).toBe('devices');
    expect(throttledCallOf('GET', '/api/customers/me', true)).toBeNull();
    expect(throttledCallOf('GET', '/api/customers/me/export', true)).toBe('exports');
    expect(throttledCallOf('GET', '/api/customers/me/sessions', true)).toBeNull();
    expect(throttledCallOf('GET', '/api/callbacks', true)).toBeNull();
  });

  it('refuses a key already over its limit and counts nothing itself', async () => {
    const { precheck } = await import('./throttle.ts');
    const limits = createLimits({ env: env({ RATE_LIMIT_MATCHES_SESSION: '2' }) });
    await precheck('matches', { ip: 'i', session: 's' }, limits);
    await precheck('matches', { ip: 'i', session: 's' }, limits);
    await throttle('matches', { ip: 'i', session: 's' }, limits);
    await throttle('matches', { ip: 'i', session: 's' }, limits);
    expect((await rejected(precheck('matches', { ip: 'i', session: 's' }, limits)))?.status).toBe(429);
    await precheck('matches', { ip: 'i', session: 'other' }, limits);
  });
});
