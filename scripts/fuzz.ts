// npm run fuzz — the nightly-sized fuzz run: FUZZ_RUNS (default 10,000) HTTP cases over every route plus
// a quarter as many socket events, then FUZZ_RUNS/50 cases of one mutation sent six times at once, against a
// real server; FUZZ_SEED replays a failure. Needs a build.
import { startServer } from '../test/helpers/server.ts';
import { FUZZ_SERVER_ENV, runFuzz } from '../test/fuzz/run-fuzz.ts';
import { runConcurrentFuzz } from '../test/fuzz/concurrent.ts';

const runs = Number(process.env.FUZZ_RUNS ?? 10_000);
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const server = await startServer({ env: FUZZ_SERVER_ENV });
const started = Date.now();
try {
  const result = await runFuzz(server, { httpRuns: runs, socketRuns: Math.ceil(runs / 4), seed });
  // The concurrent mode: each case one mutation sent six times at once (issue 26).
  const concurrent = await runConcurrentFuzz([server], { runs: Math.ceil(runs / 50), copies: 6, seed });
  const health = await fetch(`${server.url}/api/health`);
  if (health.status !== 200) throw new Error(`health answered ${health.status} after the fuzz`);
  const errors = server.logs.join('').split('\n').filter((l) => /"level":(50|60)/.test(l));
  if (errors.length) throw new Error(`the server logged ${errors.length} errors:\n${errors.slice(0, 5).join('\n')}`);
  console.log(`fuzz: ${runs} HTTP cases + ${Math.ceil(runs / 4)} socket events, seed ${result.seed}, ${Object.values(concurrent.ran).reduce((a, b) => a + b, 0)} mutations ×6 at once, ${((Date.now() - started) / 1000).toFixed(0)} s: no 5xx, no crash, health 200`);
} catch (err) {
  console.error(err);
  console.error(`--- server log (last 40 lines) ---\n${server.logs.join('').split('\n').slice(-40).join('\n')}`);
  process.exitCode = 1;
} finally {
  await server.stop();
}
