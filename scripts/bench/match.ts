// npm run bench:match — "show me the best agent" and "skip → next" at 1k, 10k and 100k agents.
//
// Fresh SQLite databases built by the migrations: N agents (a third available, capabilities and
// capacities spread as in a real team), up to 1M customers (bound while agents have room). Measured
// through the domain functions (lib/matching) and through HTTP on the real server beside a trivial
// route of the same server (the HTTP floor), against the naive way the patent describes (load every
// agent, sort by capability, keep the online ones). --smoke: tiny sizes, nothing written.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { createClient } from '@libsql/client';
import { applyMigrations } from '../../lib/db/migrate.ts';
import { createDb, type Db } from '../../lib/db/client.ts';
import { skipCandidate, startMatch } from '../../lib/matching/match-session.ts';
import { startServer } from '../../test/helpers/server.ts';
import { percentile, writeSection } from './report.ts';

const smoke = process.argv.includes('--smoke');
const sizesArg = process.argv.find((a) => a.startsWith('--sizes='))?.slice('--sizes='.length);
const SIZES = sizesArg ? sizesArg.split(',').map(Number) : smoke ? [200, 2000] : [1_000, 10_000, 100_000];
const CUSTOMERS = smoke ? 5_000 : 1_000_000;
const DOMAIN_RUNS = smoke ? 30 : 400;
const HTTP_RUNS = smoke ? 20 : 300;
const NAIVE_RUNS = smoke ? 5 : 20;

/** A deterministic pseudo-random sequence, so every run builds the same team. */
const rng = (seed: number) => () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);

const build = async (agents: number): Promise<{ dir: string; url: string; bound: number }> => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ea-bench-match-${agents}-`));
  const url = `file:${path.join(dir, 'app.db')}`;
  await applyMigrations({ url });
  const client = createClient({ url });
  const rand = rng(agents);
  const now = new Date().toISOString();
  const capacity: number[] = [];
  for (let start = 0; start < agents; start += 5000) {
    const stmts = [];
    for (let i = start; i < Math.min(agents, start + 5000); i++) {
      // Capability: most agents in the middle, a few stars; capacity 50–300 customers.
      const capability = Math.round(Math.min(100, Math.max(0, 60 + 18 * (rand() + rand() + rand() - 1.5) * 1.6)));
      const cap = 50 + Math.floor(rand() * 251);
      capacity.push(cap);
      const online = i % 3 === 0;
      stmts.push({
        sql: `INSERT INTO "Agent" (id, handle, email, name, nameZh, capability, status, connected, capacity, languages, skills, createdAt, updatedAt)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '["zh-CN","en"]', '[]', ?, ?)`,
        args: [`a${String(i).padStart(6, '0')}`, `bench${i}`, `bench${i}@bench.local`, `Agent ${i}`, `客服${i}`, capability, online ? 'online' : i % 3 === 1 ? 'away' : 'offline', online ? 1 : 0, cap, now, now],
      });
    }
    await client.batch(stmts, 'write');
  }
  // Customers, bound round-robin while agents have room (a full team is how a real one looks).
  let bound = 0;
  let agent = 0;
  const left = [...capacity];
  for (let start = 0; start < CUSTOMERS; start += 20_000) {
    const stmts = [];
    for (let c = start; c < Math.min(CUSTOMERS, start + 20_000); c++) {
      const id = `c${String(c).padStart(7, '0')}`;
      stmts.push({ sql: `INSERT INTO "Customer" (id, name, phone, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)`, args: [id, `Customer ${c}`, `+86138${String(c).padStart(8, '0')}`, now, now] });
      for (let tries = 0; tries < agents && left[agent]! <= 0; tries++) agent = (agent + 1) % agents;
      if (left[agent]! > 0) {
        left[agent]!--;
        bound++;
        stmts.push({ sql: `INSERT INTO "Binding" (id, customerId, agentId, contactPhone, createdAt) VALUES (?, ?, ?, ?, ?)`, args: [`b${c}`, id, `a${String(agent).padStart(6, '0')}`, `+86138${String(c).padStart(8, '0')}`, now] });
        agent = (agent + 1) % agents;
      }
    }
    await client.batch(stmts, 'write');
  }
  // What bindAgent keeps for the app (Agent.activeBindings), as the migration backfills it.
  await client.execute(`UPDATE "Agent" SET "activeBindings" = (SELECT COUNT(*) FROM "Binding" WHERE "Binding"."agentId" = "Agent"."id" AND "Binding"."endedAt" IS NULL)`);
  await client.execute('ANALYZE');
  client.close();
  return { dir, url, bound };
};

/** Garbage collection pauses while a measurement runs (ms in total), from the runtime's own events. */
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ['gc'] });

const time = async (runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p99: number }> => {
  for (let i = 0; i < Math.min(20, runs); i++) await fn(); // warm up
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  out.sort((a, b) => a - b);
  return { p50: percentile(out, 50), p99: percentile(out, 99) };
};

/** The patent's way, as a baseline: every agent, sorted by capability, then the online ones. */
const naiveFirst = async (db: Db) => {
  const all = await db.agent.findMany();
  all.sort((a, b) => b.capability - a.capability || (a.id < b.id ? -1 : 1));
  return all.filter((a) => a.status === 'online' && a.active)[0];
};

type Row = { agents: number; bound: number; domainGcMs: number; first: Stat; skip: Stat; naive: Stat; httpFirst: Stat; httpSkip: Stat; floor: Stat };
type Stat = { p50: number; p99: number };

/** The server of the size being measured, stopped even when a run fails. */
let running: { stop: () => Promise<void> } | null = null;

const measure = async (agents: number): Promise<Row> => {
  const built = await build(agents);
  // Building a million rows leaves this process's heap full of the builder's garbage; a server never
  // carries that. Collected here (node --expose-gc), so its pauses are not charged to matching.
  (globalThis as { gc?: () => void }).gc?.();
  const db = createDb(built.url);
  const gcBefore = gcMs;
  const first = await time(DOMAIN_RUNS, () => startMatch({ db }));
  let match = await startMatch({ db });
  const skip = await time(DOMAIN_RUNS, async () => {
    if (match.remaining < 2) match = await startMatch({ db });
    match = await skipCandidate({ db, matchId: match.matchId });
  });
  const domainGcMs = gcMs - gcBefore;
  const naive = await time(NAIVE_RUNS, () => naiveFirst(db));
  await db.$disconnect();

  // The same database behind the real server (production build).
  const server = await startServer({ dir: built.dir, env: { PRESENCE_GRACE_MS: '1000000000', RATE_LIMIT_MULTIPLIER: '1000' } });
  running = server;
  const post = (p: string) => fetch(server.url + p, { method: 'POST' }).then((r) => r.json() as Promise<{ matchId: string; remaining: number }>);
  const floor = await time(HTTP_RUNS, () => fetch(`${server.url}/api/agent/me`).then((r) => r.arrayBuffer()));
  const httpFirst = await time(HTTP_RUNS, () => post('/api/matches'));
  let m = await post('/api/matches');
  const httpSkip = await time(HTTP_RUNS, async () => {
    if (m.remaining < 2) m = await post('/api/matches');
    m = await post(`/api/matches/${m.matchId}/skip`);
  });
  await server.stop();
  running = null;
  return { agents, bound: built.bound, domainGcMs, first, skip, naive, httpFirst, httpSkip, floor };
};

const f = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));
const main = async () => {
  const rows: Row[] = [];
  for (const n of SIZES) {
    const r = await measure(n);
    rows.push(r);
    console.log(JSON.stringify(r));
  }
  const small = rows[0]!;
  const big = rows.at(-1)!;
  const lines = [
    `Command: \`npm run bench:match\` · ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} · Node ${process.version}`,
    '',
    `Fresh SQLite databases (migrations only); a third of the agents available, capabilities spread around 60, capacities 50–300; ${CUSTOMERS.toLocaleString('en')} customers, bound while agents have room. Times in ms (p50 / p99). Domain = \`startMatch\` / \`skipCandidate\` in-process; HTTP = \`POST /api/matches\` and \`…/skip\` on the real server; HTTP floor = a trivial route of the same server (\`GET /api/agent/me\`, a 401); naive = load every agent, sort by capability, keep the online ones.`,
    '',
    '| agents | bound customers | domain first | domain skip → next | GC during domain runs | naive first | HTTP first | HTTP skip | HTTP floor |',
    '|---:|---:|---|---|---:|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.agents.toLocaleString('en')} | ${r.bound.toLocaleString('en')} | ${f(r.first.p50)} / ${f(r.first.p99)} | ${f(r.skip.p50)} / ${f(r.skip.p99)} | ${r.domainGcMs.toFixed(0)} ms | ${f(r.naive.p50)} / ${f(r.naive.p99)} | ${f(r.httpFirst.p50)} / ${f(r.httpFirst.p99)} | ${f(r.httpSkip.p50)} / ${f(r.httpSkip.p99)} | ${f(r.floor.p50)} / ${f(r.floor.p99)} |`,
    ),
    '',
    `At ${big.agents.toLocaleString('en')} agents: domain first p99 ${f(big.first.p99)} ms (target ≤ 2); ${(big.naive.p50 / big.first.p50).toFixed(0)}× faster than the naive sort at p50 (target ≥ 100×); ${big.agents / small.agents}× the agents costs ${(big.first.p99 / small.first.p99).toFixed(2)}× at p99 (target ≤ 1.5); HTTP first p50 = floor + ${f(big.httpFirst.p50 - big.floor.p50)} ms (target ≤ +3), p99 = ${(big.httpFirst.p99 / big.floor.p99).toFixed(1)}× the floor's (target ≤ 3×).`,
  ];
  if (smoke) return console.log(lines.join('\n'));
  writeSection('Matching at scale', lines.join('\n'));
};

main()
  .then(() => process.exit(0))
  .catch(async (err) => {
    console.error(err);
    await running?.stop().catch(() => {});
    process.exit(1);
  });
