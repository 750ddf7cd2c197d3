import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getEnv } from '@/lib/env.ts';
import { readJson, route } from '@/lib/http/route.ts';
import { assertTestSeedingOn, loadSeedAgent, testOnlyMethodNotAllowed } from '../_lib/test-only.ts';

// Test-only (TEST_SEED_API=1, the e2e server): 404 everywhere else.
export const POST = route(async (req: NextRequest) => {
  assertTestSeedingOn(getEnv().TEST_SEED_API);
  const { seedAgent } = await loadSeedAgent();
  const agent = await seedAgent({ db: getDb(), input: await readJson(req) });
  return Response.json({ agent }, { status: 201 });
});

const other = testOnlyMethodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
