// Runs in the postgres project, which starts one real Redis on loopback for the run (test/services.global.ts).
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { AppError } from '../errors.ts';
import { createLimits } from './rate-limits.ts';
import { throttle } from './throttle.ts';

const env = (e: Record<string, string> = {}) => ({ ...e }) as NodeJS.ProcessEnv;
const rejected = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return err as AppError;
  }
  return null;
};

const clients: Redis[] = [];
const connect = async () => {
  const c = new Redis(inject('redisUrl'), { lazyConnect: true, maxRetriesPerRequest: 2 });
  await c.connect();
  clients.push(c);
  return c;
};
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit().catch(() => {})));
});

describe('throttle counters shared across instances (Redis)', () => {
  it('two instances on one Redis share a limit; another key prefix (another app) does not', async () => {
    const prefix = `rl-test-${Date.now()}`;
    const one = createLimits({ env: env({ RATE_LIMIT_MATCHES_SESSION: '3' }), redis: await connect(), keyPrefix: prefix });
    const two = createLimits({ env: env({ RATE_LIMIT_MATCHES_SESSION: '3' }), redis: await connect(), keyPrefix: prefix });
    const other = createLimits({ env: env({ RATE_LIMIT_MATCHES_SESSION: '3' }), redis: await connect(), keyPrefix: `${prefix}-other` });
    await throttle('matches', { ip: 'i', session: 's' }, one);
    await throttle('matches', { ip: 'i', session: 's' }, two);
    await throttle('matches', { ip: 'i', session: 's' }, one);
    const refused = await rejected(throttle('matches', { ip: 'i', session: 's' }, two));
    expect(refused?.status).toBe(429);
    expect(Number(refused?.headers?.['retry-after'])).toBeGreaterThan(0);
    await throttle('matches', { ip: 'i', session: 's' }, other);
  });
});

describe('when Redis does not answer', () => {
  it('the limits hold in this process (insurance), instead of every call failing', async () => {
    const lost = await connect();
    const limits = createLimits({ env: env({ RATE_LIMIT_MATCHES_SESSION: '2' }), redis: lost, keyPrefix: `rl-lost-${Date.now()}` });
    await lost.quit(); // what a shutdown, or an outage, does to the connection
    await throttle('matches', { ip: 'i', session: 's' }, limits);
    await throttle('matches', { ip: 'i', session: 's' }, limits);
    expect((await rejected(throttle('matches', { ip: 'i', session: 's' }, limits)))?.status).toBe(429);
  });
});
