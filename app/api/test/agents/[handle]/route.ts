import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getEnv } from '@/lib/env.ts';
import { route } from '@/lib/http/route.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { assertTestSeedingOn, loadSeedAgent, testOnlyMethodNotAllowed } from '../../_lib/test-only.ts';

// Test-only (TEST_SEED_API=1, the e2e server): 404 everywhere else.
export const DELETE = route(async (_req: NextRequest, ctx: { params: Promise<{ handle: string }> }) => {
  assertTestSeedingOn(getEnv().TEST_SEED_API);
  const { handle } = await ctx.params;
  const { removeSeededAgent } = await loadSeedAgent();
  const left = await removeSeededAgent({ db: getDb(), notify: getNotifier(), handle });
  return Response.json({ left });
});

const other = testOnlyMethodNotAllowed('DELETE');
export { other as GET, other as POST, other as PUT, other as PATCH };
