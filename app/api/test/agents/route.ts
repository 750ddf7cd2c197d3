import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getEnv } from '@/lib/env.ts';
import { readJson, route } from '@/lib/http/route.ts';
import { assertTestSeedingOn, seedAgent } from '@/lib/test-seed/seed-agent.ts';

// Test-only (TEST_SEED_API=1, the e2e server): 404 everywhere else.
export const POST = route(async (req: NextRequest) => {
  assertTestSeedingOn(getEnv().TEST_SEED_API);
  const agent = await seedAgent({ db: getDb(), input: await readJson(req) });
  return Response.json({ agent }, { status: 201 });
});
