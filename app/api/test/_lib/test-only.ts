import type { NextRequest } from 'next/server';
import { getEnv } from '@/lib/env.ts';
import { methodNotAllowed, route } from '@/lib/http/route.ts';
import { AppError } from '@/lib/errors.ts';

/** 404 unless the server was started with TEST_SEED_API=1: the API does not exist anywhere else. */
export const assertTestSeedingOn = (flag: string | undefined): void => {
  if (flag !== '1') throw new AppError('not_found', 'Not found.');
};

/** The seeding code (test/seed) is loaded only once the flag is found on. */
export const loadSeedAgent = () => import('@/test/seed/seed-agent.ts');
export const loadDemoRoster = () => import('@/test/seed/demo-roster.ts');

/**
 * The other methods of a test-only route: 405 in the JSON error shape on the e2e server, and the same
 * 404 as every other call everywhere else — without TEST_SEED_API=1 nothing says the address exists.
 */
export const testOnlyMethodNotAllowed = <C>(allowed: string) => {
  const notAllowed = methodNotAllowed(allowed);
  const absent = route(async () => assertTestSeedingOn(getEnv().TEST_SEED_API) as never);
  return (req: NextRequest, ctx: C) => (getEnv().TEST_SEED_API === '1' ? notAllowed(req, ctx) : absent(req, ctx));
};
