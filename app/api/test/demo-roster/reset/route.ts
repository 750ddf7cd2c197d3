import { getDb } from '@/lib/db/client.ts';
import { getEnv } from '@/lib/env.ts';
import { route } from '@/lib/http/route.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { assertTestSeedingOn, loadDemoRoster, testOnlyMethodNotAllowed } from '../../_lib/test-only.ts';

// Test-only (TEST_SEED_API=1, the e2e server): 404 everywhere else.
export const POST = route(async () => {
  const env = getEnv();
  assertTestSeedingOn(env.TEST_SEED_API);
  const { resetDemoRoster } = await loadDemoRoster();
  return Response.json(await resetDemoRoster({ db: getDb(), notify: getNotifier(), maxHops: env.MAX_HOPS }));
});

const other = testOnlyMethodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
