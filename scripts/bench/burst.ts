// npm run bench:burst — does an idle instance absorb a burst, and still refuse sustained overload? (issue 27)
//
// The real server (production build, SQLite, one instance) with production's admission: API_CONCURRENCY,
// ADMISSION_WAIT_BUDGET_MS, MAX_IN_FLIGHT and the event-loop guard at their defaults. Warmed (a few calls
// of each route, then the warm-up window waited out), then for each row a fresh burst from this process:
//   - 400 customer sign-ups (POST /api/customers) sent 50 at a time: 50 in flight, a new one per answer;
//   - the same as 8 waves of 50 sent together, each wave after the last is answered;
//   - the floor: the same 400 as a trivial route of the same server (GET /api/agent/me, a 401);
//   - sustained overload: sign-ups at 3× the rate the bursts were served at (at most 1,500/s) for 5 s, open
//     loop: a call is sent on time whether or not the earlier ones were answered, as many customers would.
// Latency = answer received − call started (ms), per status. All calls come from 127.0.0.1, so the
// per-address throttles are raised out of the way (RATE_LIMIT_MULTIPLIER, API_CONCURRENCY_PER_IP).
//   --no-write   print the table, leave docs/benchmarks.md alone (e.g. to measure another version)
//   BENCH_HISTOGRAM=1  also print each row's latencies in 250 ms buckets
import os from 'node:os';
import { startServer, type RunningServer } from '../../test/helpers/server.ts';
import { percentile, writeSection } from './report.ts';

const args = new Set(process.argv.slice(2).map((a) => a.replace(/^--/, '')));
const WARMUP_MS = 2_000;

type Answer = { status: number; ms: number; retryAfter: string | null };
type Call = (n: number) => Promise<Answer>;

const timed = async (url: string, init: RequestInit): Promise<Answer> => {
  const started = performance.now();
  const res = await fetch(url, init);
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - started, retryAfter: res.headers.get('retry-after') };
};

const run = (server: RunningServer) => ({
  signUp: ((n) =>
    timed(`${server.url}/api/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Burst ${n}`, email: `burst-${n}-${Date.now()}@example.com` }),
    })) as Call,
  floor: ((_n) => timed(`${server.url}/api/agent/me`, {})) as Call,
});

/** `total` calls, `width` in flight at a time: a new one as soon as one is answered. */
const pool = async (call: Call, total: number, width: number) => {
  const answers: Answer[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < total) answers.push(await call(next++));
    }),
  );
  return answers;
};

/** Open loop: `perSecond` calls a second for `seconds`, each sent on time whatever happened to the others. */
const rate = async (call: Call, perSecond: number, seconds: number) => {
  const pending: Promise<Answer>[] = [];
  const started = performance.now();
  for (let n = 0; n < perSecond * seconds; n++) {
    const due = started + (n * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(call(n));
  }
  return Promise.all(pending);
};

/** `waves` × `width` calls sent together, each wave once the last is answered. */
const waves = async (call: Call, waveCount: number, width: number) => {
  const answers: Answer[] = [];
  for (let w = 0; w < waveCount; w++) answers.push(...(await Promise.all(Array.from({ length: width }, (_, i) => call(w * width + i)))));
  return answers;
};

type Row = { name: string; answers: Answer[]; seconds: number; load: [number, number]; clientLagMs: number };

const measure = async (name: string, go: () => Promise<Answer[]>): Promise<Row> => {
  await new Promise((r) => setTimeout(r, 2_000)); // idle between rows: the instance starts each one quiet
  const load0 = os.loadavg()[0]!;
  // This process's own event-loop lag: when the client is late, its latencies are too (it shares the cores).
  let expected = performance.now() + 10;
  let clientLagMs = 0;
  const sampler = setInterval(() => {
    clientLagMs = Math.max(clientLagMs, performance.now() - expected);
    expected = performance.now() + 10;
  }, 10);
  const started = performance.now();
  const answers = await go();
  clearInterval(sampler);
  return { name, answers, seconds: (performance.now() - started) / 1000, load: [load0, os.loadavg()[0]!], clientLagMs };
};

const ms = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(1) : v.toFixed(0)) : '–');
const stats = (answers: Answer[], status: number) => {
  const sorted = answers.filter((a) => a.status === status).map((a) => a.ms).sort((a, b) => a - b);
  return `${ms(percentile(sorted, 50))} / ${ms(percentile(sorted, 99))}`;
};

const main = async () => {
  const server = await startServer({
    env: {
      // Production's admission (the test helper turns the event-loop guard off; here it is at its default, the budget).
      MAX_EVENT_LOOP_DELAY_MS: process.env.MAX_EVENT_LOOP_DELAY_MS ?? '1000',
      WARMUP_MS: String(WARMUP_MS),
      RATE_LIMIT_MULTIPLIER: '1000',
      API_CONCURRENCY_PER_IP: '100000',
    },
  });
  try {
    const calls = run(server);
    for (let i = 0; i < 5; i++) await Promise.all([calls.signUp(-1 - i), calls.floor(0)]);
    await new Promise((r) => setTimeout(r, WARMUP_MS));
    const loadStart = os.loadavg();
    const rows: Row[] = [
      await measure('400 sign-ups, 50 at a time', () => pool(calls.signUp, 400, 50)),
      await measure('400 sign-ups, 8 waves of 50 sent together', () => waves(calls.signUp, 8, 50)),
      await measure('floor: 400 × GET /api/agent/me, 50 at a time', () => pool(calls.floor, 400, 50)),
    ];
    // Overload whatever the machine's share today: 3× the best rate the bursts above were served at.
    const served = Math.max(...rows.slice(0, 2).map((r) => r.answers.filter((a) => a.status === 201).length / r.seconds));
    const overload = Math.min(1500, Math.ceil((3 * served) / 50) * 50);
    rows.push(await measure(`sustained overload: ${overload} sign-ups/s for 5 s, open loop (3× the bursts' rate)`, () => rate(calls.signUp, overload, 5)));
    const loadEnd = os.loadavg();
    const la = (l: number[]) => l.map((v) => v.toFixed(1)).join(' / ');
    const count = (r: Row, s: number) => r.answers.filter((a) => a.status === s).length;
    const lines = [
      `Command: \`npm run bench:burst\` · ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} · Node ${process.version} · load average (1/5/15 min) ${la(loadStart)} at the start, ${la(loadEnd)} at the end`,
      '',
      'SQLite, one instance, production build, production admission (API_CONCURRENCY 16, ADMISSION_WAIT_BUDGET_MS 1000, MAX_IN_FLIGHT 128, event-loop guard at the budget), warmed and idle before each row. All calls from this process on 127.0.0.1 (per-address throttles raised). Latency = answer received − call started (ms), p50 / p99 per status. Retry-After on every 503 checked.',
      '',
      '| burst | answered | 201 (floor: 401) | 503 | other | p50 / p99 served | p50 / p99 refused | wall | client lag max | load avg |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
      ...rows.map((r) => {
        const served = r.name.startsWith('floor') ? 401 : 201;
        const other = r.answers.length - count(r, served) - count(r, 503);
        return `| ${r.name} | ${r.answers.length} | ${count(r, served)} | ${count(r, 503)} | ${other} | ${stats(r.answers, served)} | ${stats(r.answers, 503)} | ${r.seconds.toFixed(1)} s | ${ms(r.clientLagMs)} | ${r.load.map((v) => v.toFixed(1)).join(' → ')} |`;
      }),
    ];
    const missingRetryAfter = rows.flatMap((r) => r.answers).filter((a) => a.status === 503 && a.retryAfter !== '1').length;
    // Nothing accepted is lost, nothing refused stored: customers in the database = sign-ups answered 201 (+ the 5 warm-up ones).
    const signedUp = rows.filter((r) => !r.name.startsWith('floor')).reduce((n, r) => n + count(r, 201), 5);
    const stored = await server.db.customer.count();
    lines.push('', `Customers stored: ${stored}; sign-ups answered 201: ${signedUp}${stored === signedUp ? ' — every one accepted was stored, none refused was.' : ' — **they differ**.'}`);
    if (missingRetryAfter) lines.push('', `**${missingRetryAfter} refusals without Retry-After: 1.**`);
    console.log(lines.join('\n'));
    if (process.env.BENCH_HISTOGRAM) {
      for (const r of rows) {
        const h = new Map<number, number>();
        for (const a of r.answers) h.set(Math.floor(a.ms / 250) * 250, (h.get(Math.floor(a.ms / 250) * 250) ?? 0) + 1);
        console.log(r.name, JSON.stringify([...h].sort((x, y) => x[0] - y[0])));
      }
    }
    // What the instance said about its refusals (reason, queue, estimate, lag; it logs every 10 s), for the console.
    if (rows.some((r) => count(r, 503))) await new Promise((r) => setTimeout(r, 10_500));
    for (const l of server.logs.join('').split('\n').filter((x) => x.includes('overloaded'))) console.log(l);
    if (!args.has('no-write')) writeSection('Bursts (issue 27)', lines.join('\n'));
  } finally {
    await server.stop();
  }
};

await main();
