import type { NextRequest } from 'next/server';
import { getEnv } from '@/lib/env.ts';
import { methodNotAllowed, route } from '@/lib/http/route.ts';
import { assertTestSeedingOn } from '@/lib/test-seed/seed-agent.ts';

/**
 * The other methods of a test-only route: 405 in the JSON error shape on the e2e server, and the same
 * 404 as every other call everywhere else — without TEST_SEED_API=1 nothing says the address exists.
 */
export const testOnlyMethodNotAllowed = <C>(allowed: string) => {
  const notAllowed = methodNotAllowed(allowed);
  const absent = route(async () => assertTestSeedingOn(getEnv().TEST_SEED_API) as never);
  return (req: NextRequest, ctx: C) => (getEnv().TEST_SEED_API === '1' ? notAllowed(req, ctx) : absent(req, ctx));
};
