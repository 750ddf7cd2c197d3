// Issue 13, part 6: hostile, malformed, huge, wrongly typed and chunked input on every route and socket
// event — never a 5xx, never a crash, /api/health answers after. `npm run fuzz` runs ≥ 10,000 cases.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startServer, type RunningServer, printLogsOnFailure } from '../helpers/server.ts';
import { FUZZ_SERVER_ENV, runFuzz } from '../fuzz/run-fuzz.ts';
import { ROUTES, SOCKET_EVENTS } from '../fuzz/targets.ts';
import { routesOnDisk, socketEventsOnDisk } from '../helpers/routes.ts';
import { runConcurrentFuzz } from '../fuzz/concurrent.ts';
import { testProvider } from '../helpers/pg.ts';

let server: RunningServer;
// On PostgreSQL a second instance on the same database, as in production: the concurrent mode spreads its copies over both.
let second: RunningServer | null = null;
afterEach(printLogsOnFailure(() => server));
afterEach(printLogsOnFailure(() => second ?? undefined));
beforeAll(async () => {
  server = await startServer({ env: FUZZ_SERVER_ENV });
  if (testProvider() === 'postgres') second = await startServer({ dbUrl: server.dbUrl, dir: server.dir, env: FUZZ_SERVER_ENV });
}, 90_000);
afterAll(async () => {
  await second?.stop({ keepDb: true });
  await server?.stop();
});

it('a few hundred hostile HTTP calls and socket events: no 5xx, every /api answer JSON, no dropped socket, health after', async () => {
  const { seed } = await runFuzz(server, { httpRuns: 300, socketRuns: 150 });
  const health = await fetch(`${server.url}/api/health`);
  expect(health.status, `seed ${seed}`).toBe(200);
  expect(server.logs.join('')).not.toMatch(/"level":50.*route failed|unhandled rejection/);
}, 240_000);

it('concurrent mode: the same mutation six times at once, over both instances on PostgreSQL: no 5xx, the store adds up', async () => {
  const servers = second ? [server, second] : [server];
  const { seed, ran } = await runConcurrentFuzz(servers, { runs: 40, copies: 6 });
  // Most cases are well-formed mutations (a fifth are hostile ones from the ordinary generator).
  expect(Object.values(ran).reduce((a, b) => a + b, 0), `seed ${seed}: ${JSON.stringify(ran)}`).toBeGreaterThan(20);
  for (const s of servers) expect((await fetch(`${s.url}/api/health`)).status, `seed ${seed}`).toBe(200);
  for (const s of servers) expect(s.logs.join('')).not.toMatch(/"level":50.*route failed|unhandled rejection/);
}, 120_000);

it('every route and method is a fuzz target (a new route without one fails here)', () => {
  const targets = new Set(ROUTES.flatMap((r) => r.methods.map((m) => `${m} ${r.path}`)));
  const missing = routesOnDisk()
    .map(({ method, path }) => `${method} ${path.replace(/\{[^}]+\}/g, '{id}')}`)
    .filter((t) => !targets.has(t));
  expect(missing).toEqual([]);
});

it('every socket event a client may send is a fuzz target (a new event without one fails here)', () => {
  expect(socketEventsOnDisk().filter((e) => !SOCKET_EVENTS.includes(e))).toEqual([]);
});
