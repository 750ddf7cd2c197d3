// Issue 13, part 6: hostile, malformed, huge, wrongly typed and chunked input on every route and socket
// event — never a 5xx, never a crash, /api/health answers after. `npm run fuzz` runs ≥ 10,000 cases.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startServer, type RunningServer, printLogsOnFailure } from '../helpers/server.ts';
import { FUZZ_SERVER_ENV, runFuzz } from '../fuzz/run-fuzz.ts';
import { ROUTES, SOCKET_EVENTS } from '../fuzz/targets.ts';
import { routesOnDisk, socketEventsOnDisk } from '../helpers/routes.ts';

let server: RunningServer;
afterEach(printLogsOnFailure(() => server));
beforeAll(async () => {
  server = await startServer({ env: FUZZ_SERVER_ENV });
});
afterAll(async () => {
  await server?.stop();
});

it('a few hundred hostile HTTP calls and socket events: no 5xx, every /api answer JSON, no dropped socket, health after', async () => {
  const { seed } = await runFuzz(server, { httpRuns: 300, socketRuns: 150 });
  const health = await fetch(`${server.url}/api/health`);
  expect(health.status, `seed ${seed}`).toBe(200);
  expect(server.logs.join('')).not.toMatch(/"level":50.*route failed|unhandled rejection/);
}, 240_000);

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
