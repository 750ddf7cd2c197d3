// npm run bench:match — "show me the best agent" and "skip → next" at 1k, 10k and 100k agents.
//
// Fresh SQLite databases built by the migrations: N agents (a third available, capabilities and
// capacities spread as in a real team), up to 1M customers (bound while agents have room). Measured
// through the domain functions (lib/matching) and through HTTP on the real server beside a trivial
// route of the same server (the HTTP floor), against the naive way the patent describes (load every
// agent, sort by capability, keep the online ones). --smoke: tiny sizes, nothing written.
//   --db=postgres   the same team in a throw-away PostgreSQL (scripts/test-services.ts), one fresh
//                   database per size, built by the migrations and filled with multi-row INSERTs
//   --instances=2   HTTP through two instances (PostgreSQL only): every match starts on A, its
//                   skips go to B, so B continues a candidate list it never saw in memory
//   --port=P        app instances on P+1…, PostgreSQL P+100, Redis P+150 (default: any free port)
//   --naive-runs=N  runs of the naive sort (default 20; at 100k agents one takes seconds)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { createClient } from '@libsql/client';
import pg from 'pg';
import { applyMigrations } from '../../lib/db/migrate.ts';
import { createDb, type Db } from '../../lib/db/client.ts';
import { skipCandidate, startMatch } from '../../lib/matching/match-session.ts';
import { startServer, type RunningServer } from '../../test/helpers/server.ts';
import { percentile, writeSection } from './report.ts';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string | undefined]));
const smoke = args.has('smoke');
const SIZES = (args.get('sizes') ?? (smoke ? '200,2000' : '1000,10000,100000')).split(',').map(Number);
const CUSTOMERS = Number(args.get('customers') ?? (smoke ? 5_000 : 1_000_000));
const DOMAIN_RUNS = smoke ? 30 : 400;
const HTTP_RUNS = smoke ? 20 : 300;
const NAIVE_RUNS = Number(args.get('naive-runs') ?? (smoke ? 5 : 20));
const DB = args.get('db') ?? 'sqlite';
const INSTANCES = Number(args.get('instances') ?? 1);
const PORT = Number(args.get('port') ?? 0);
if (DB !== 'sqlite' && DB !== 'postgres') throw new Error(`--db must be sqlite or postgres, not ${DB}`);
if (INSTANCES !== 1 && INSTANCES !== 2) throw new Error('--instances must be 1 or 2');
if (INSTANCES > 1 && DB !== 'postgres') throw new Error('--instances=2 needs --db=postgres (the instances share match sessions through the database)');

/** A deterministic pseudo-random sequence, so every run builds the same team. */
const rng = (seed: number) => () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);

type AgentRow = { id: string; handle: string; email: string; name: string; nameZh: string; capability: number; status: string; connected: boolean; capacity: number };
type CustomerRow = { id: string; name: string; phone: string };
type BindingRow = { id: string; customerId: string; agentId: string; contactPhone: string };

/** The team of one size, the same on SQLite and PostgreSQL: agents, then customers in chunks with their bindings. */
const team = (agents: number) => {
  const rand = rng(agents);
  const rows: AgentRow[] = [];
  for (let i = 0; i < agents; i++) {
    // Capability: most agents in the middle, a few stars; capacity 50–300 customers.
    const capability = Math.round(Math.min(100, Math.max(0, 60 + 18 * (rand() + rand() + rand() - 1.5) * 1.6)));
    const cap = 50 + Math.floor(rand() * 251);
    const online = i % 3 === 0;
    rows.push({ id: `a${String(i).padStart(6, '0')}`, handle: `bench${i}`, email: `bench${i}@bench.local`, name: `Agent ${i}`, nameZh: `客服${i}`, capability, status: online ? 'online' : i % 3 === 1 ? 'away' : 'offline', connected: online, capacity: cap });
  }
  // Customers, bound round-robin while agents have room (a full team is how a real one looks).
  function* customers(chunk: number): Generator<{ customers: CustomerRow[]; bindings: BindingRow[] }> {
    let agent = 0;
    const left = rows.map((r) => r.capacity);
    for (let start = 0; start < CUSTOMERS; start += chunk) {
      const out = { customers: [] as CustomerRow[], bindings: [] as BindingRow[] };
      for (let c = start; c < Math.min(CUSTOMERS, start + chunk); c++) {
        const id = `c${String(c).padStart(7, '0')}`;
        const phone = `+86138${String(c).padStart(8, '0')}`;
        out.customers.push({ id, name: `Customer ${c}`, phone });
        for (let tries = 0; tries < agents && left[agent]! <= 0; tries++) agent = (agent + 1) % agents;
        if (left[agent]! > 0) {
          left[agent]!--;
          out.bindings.push({ id: `b${c}`, customerId: id, agentId: rows[agent]!.id, contactPhone: phone });
          agent = (agent + 1) % agents;
        }
      }
      yield out;
    }
  }
  return { agents: rows, customers };
};

type Built = { url: string; dir?: string; bound: number; seedS: number; drop: () => Promise<void> };

const buildSqlite = async (agents: number): Promise<Built> => {
  const t0 = performance.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ea-bench-match-${agents}-`));
  const url = `file:${path.join(dir, 'app.db')}`;
  await applyMigrations({ url });
  const client = createClient({ url });
  const now = new Date().toISOString();
  const t = team(agents);
  for (let start = 0; start < agents; start += 5000) {
    await client.batch(
      t.agents.slice(start, start + 5000).map((a) => ({
        sql: `INSERT INTO "Agent" (id, handle, email, name, nameZh, capability, status, connected, capacity, languages, skills, createdAt, updatedAt)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '["zh-CN","en"]', '[]', ?, ?)`,
        args: [a.id, a.handle, a.email, a.name, a.nameZh, a.capability, a.status, a.connected ? 1 : 0, a.capacity, now, now],
      })),
      'write',
    );
  }
  let bound = 0;
  for (const chunk of t.customers(20_000)) {
    bound += chunk.bindings.length;
    await client.batch(
      [
        ...chunk.customers.map((c) => ({ sql: `INSERT INTO "Customer" (id, name, phone, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)`, args: [c.id, c.name, c.phone, now, now] })),
        ...chunk.bindings.map((b) => ({ sql: `INSERT INTO "Binding" (id, customerId, agentId, contactPhone, createdAt) VALUES (?, ?, ?, ?, ?)`, args: [b.id, b.customerId, b.agentId, b.contactPhone, now] })),
      ],
      'write',
    );
  }
  // What bindAgent keeps for the app (Agent.activeBindings), as the migration backfills it.
  await client.execute(`UPDATE "Agent" SET "activeBindings" = (SELECT COUNT(*) FROM "Binding" WHERE "Binding"."agentId" = "Agent"."id" AND "Binding"."endedAt" IS NULL)`);
  await client.execute('ANALYZE');
  client.close();
  return { dir, url, bound, seedS: (performance.now() - t0) / 1000, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
};

/** PostgreSQL for --db=postgres: the tests' throw-away services, started once for all sizes. */
let services: { pgUrl: string; redisUrl: string; stop: () => void } | null = null;
let pgVersion = '';
const withPg = async <T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
};

/** One array parameter per column, unnest()ed into rows: 20,000 rows per statement. */
const insertRows = async (c: pg.Client, sql: string, columns: unknown[][]) => c.query(sql, columns);

const buildPg = async (agents: number): Promise<Built> => {
  const t0 = performance.now();
  if (!services) {
    const { servicesInstalled, startTestServices } = await import('../test-services.ts');
    if (!servicesInstalled()) throw new Error('--db=postgres needs PostgreSQL and Redis: apt-get install -y postgresql redis-server');
    services = await startTestServices(PORT ? { pgPort: PORT + 100, redisPort: PORT + 150 } : {});
    pgVersion = await withPg(services.pgUrl, async (c) => ((await c.query('SHOW server_version')).rows[0] as { server_version: string }).server_version);
  }
  const name = `bench_match_${agents}`;
  await withPg(services.pgUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name}`).then(() => c.query(`CREATE DATABASE ${name}`)));
  const u = new URL(services.pgUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  await applyMigrations({ url });
  const t = team(agents);
  let bound = 0;
  await withPg(url, async (c) => {
    for (let start = 0; start < agents; start += 20_000) {
      const rows = t.agents.slice(start, start + 20_000);
      await insertRows(
        c,
        `INSERT INTO "Agent" (id, handle, email, name, "nameZh", capability, status, connected, capacity, languages, skills, "createdAt", "updatedAt")
         SELECT id, handle, email, name, "nameZh", capability, status, connected, capacity, '["zh-CN","en"]', '[]', now(), now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::bool[], $9::int[])
           AS t(id, handle, email, name, "nameZh", capability, status, connected, capacity)`,
        [rows.map((a) => a.id), rows.map((a) => a.handle), rows.map((a) => a.email), rows.map((a) => a.name), rows.map((a) => a.nameZh), rows.map((a) => a.capability), rows.map((a) => a.status), rows.map((a) => a.connected), rows.map((a) => a.capacity)],
      );
    }
    for (const chunk of t.customers(20_000)) {
      bound += chunk.bindings.length;
      await insertRows(
        c,
        `INSERT INTO "Customer" (id, name, phone, "createdAt", "updatedAt") SELECT id, name, phone, now(), now() FROM unnest($1::text[], $2::text[], $3::text[]) AS t(id, name, phone)`,
        [chunk.customers.map((x) => x.id), chunk.customers.map((x) => x.name), chunk.customers.map((x) => x.phone)],
      );
      if (chunk.bindings.length)
        await insertRows(
          c,
          `INSERT INTO "Binding" (id, "customerId", "agentId", "contactPhone", "createdAt") SELECT id, "customerId", "agentId", "contactPhone", now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(id, "customerId", "agentId", "contactPhone")`,
          [chunk.bindings.map((b) => b.id), chunk.bindings.map((b) => b.customerId), chunk.bindings.map((b) => b.agentId), chunk.bindings.map((b) => b.contactPhone)],
        );
    }
    // What bindAgent keeps for the app (Agent.activeBindings), in one pass over the bindings.
    await c.query(`UPDATE "Agent" a SET "activeBindings" = b.n FROM (SELECT "agentId", COUNT(*)::int AS n FROM "Binding" WHERE "endedAt" IS NULL GROUP BY "agentId") b WHERE a.id = b."agentId"`);
    await c.query('VACUUM ANALYZE');
  });
  return {
    url,
    bound,
    seedS: (performance.now() - t0) / 1000,
    drop: () => withPg(services!.pgUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
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

type Row = { agents: number; bound: number; seedS: number; domainGcMs: number; first: Stat; skip: Stat; naive: Stat; httpFirst: Stat; httpSkip: Stat; floor: Stat; load: [number, number] };
type Stat = { p50: number; p99: number };

/** The servers of the size being measured, stopped even when a run fails. */
const running: RunningServer[] = [];

const measure = async (agents: number): Promise<Row> => {
  const built = DB === 'postgres' ? await buildPg(agents) : await buildSqlite(agents);
  const load0 = os.loadavg()[0]!;
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

  // The same database behind the real server(s) (production build); on PostgreSQL with the Redis
  // adapter and the default pool, as deployed.
  for (let k = 0; k < INSTANCES; k++) {
    const env: Record<string, string> = { PRESENCE_GRACE_MS: '1000000000', RATE_LIMIT_MULTIPLIER: '1000', ...(PORT ? { PORT: String(PORT + 1 + k) } : {}) };
    if (DB === 'postgres') Object.assign(env, { DATABASE_POOL_MAX: process.env.DATABASE_POOL_MAX ?? '10', REDIS_URL: services!.redisUrl, REDIS_KEY_PREFIX: `bench-match-${agents}`, INSTANCE_ID: `bench-${'AB'[k]}` });
    const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean); // e.g. --cpu-prof for a profile
    running.push(await startServer(DB === 'postgres' ? { dbUrl: built.url, env, nodeArgs } : { dir: built.dir, env, nodeArgs }));
  }
  const [a, b = a] = running as [RunningServer, RunningServer?];
  const post = (server: RunningServer, p: string) => fetch(server.url + p, { method: 'POST' }).then((r) => r.json() as Promise<{ matchId: string; remaining: number }>);
  const floor = await time(HTTP_RUNS, () => fetch(`${a.url}/api/agent/me`).then((r) => r.arrayBuffer()));
  const httpFirst = await time(HTTP_RUNS, () => post(a, '/api/matches'));
  // With two instances: the match starts on A and every skip goes to B.
  let m = await post(a, '/api/matches');
  const httpSkip = await time(HTTP_RUNS, async () => {
    if (m.remaining < 2) m = await post(a, '/api/matches');
    m = await post(b!, `/api/matches/${m.matchId}/skip`);
  });
  for (const server of running.splice(0).reverse()) await server.stop({ keepDb: true });
  await built.drop();
  return { agents, bound: built.bound, seedS: built.seedS, domainGcMs, first, skip, naive, httpFirst, httpSkip, floor, load: [load0, os.loadavg()[0]!] };
};

const f = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));
const main = async () => {
  const rows: Row[] = [];
  const loadStart = os.loadavg();
  for (const n of SIZES) {
    const r = await measure(n);
    rows.push(r);
    console.log(JSON.stringify(r));
  }
  const loadEnd = os.loadavg();
  services?.stop();
  const small = rows[0]!;
  const big = rows.at(-1)!;
  const la = (l: number[]) => l.map((v) => v.toFixed(1)).join(' / ');
  const command = `npm run bench:match${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const where =
    DB === 'sqlite'
      ? 'Fresh SQLite databases (migrations only)'
      : `Fresh PostgreSQL ${pgVersion} databases (migrations only) in a throw-away cluster from scripts/test-services.ts (fsync and synchronous_commit off), filled with multi-row INSERTs (\`unnest\` of one array per column, 20,000 rows a statement), then \`VACUUM ANALYZE\`; the servers with the Redis adapter and a pool of ${process.env.DATABASE_POOL_MAX ?? '10'} connections${INSTANCES > 1 ? '; two instances: HTTP first on A, every skip on B (the match session started on A, read from the database by B)' : ', one instance'}`;
  const lines = [
    `Command: \`${command}\` · ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} · Node ${process.version}${DB === 'postgres' ? ` · load average (1/5/15 min) ${la(loadStart)} at the start, ${la(loadEnd)} at the end` : ''}`,
    '',
    `${where}; a third of the agents available, capabilities spread around 60, capacities 50–300; ${CUSTOMERS.toLocaleString('en')} customers, bound while agents have room. Times in ms (p50 / p99). Domain = \`startMatch\` / \`skipCandidate\` in-process; HTTP = \`POST /api/matches\` and \`…/skip\` on the real server; HTTP floor = a trivial route of the same server (\`GET /api/agent/me\`, a 401); naive = load every agent, sort by capability, keep the online ones (${NAIVE_RUNS} runs).`,
    '',
    ...(DB === 'postgres'
      ? [
          '| agents | bound customers | seed | domain first | domain skip → next | GC in domain runs | naive first | HTTP first | HTTP skip | HTTP floor | load avg |',
          '|---:|---:|---:|---|---|---:|---|---|---|---|---|',
        ]
      : ['| agents | bound customers | domain first | domain skip → next | GC in domain runs | naive first | HTTP first | HTTP skip | HTTP floor |', '|---:|---:|---|---|---:|---|---|---|---|']),
    ...rows.map(
      (r) =>
        `| ${r.agents.toLocaleString('en')} | ${r.bound.toLocaleString('en')} |${DB === 'postgres' ? ` ${r.seedS.toFixed(0)} s |` : ''} ${f(r.first.p50)} / ${f(r.first.p99)} | ${f(r.skip.p50)} / ${f(r.skip.p99)} | ${r.domainGcMs.toFixed(0)} ms | ${f(r.naive.p50)} / ${f(r.naive.p99)} | ${f(r.httpFirst.p50)} / ${f(r.httpFirst.p99)} | ${f(r.httpSkip.p50)} / ${f(r.httpSkip.p99)} | ${f(r.floor.p50)} / ${f(r.floor.p99)} |${DB === 'postgres' ? ` ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)} |` : ''}`,
    ),
    '',
    `At ${big.agents.toLocaleString('en')} agents: domain first p99 ${f(big.first.p99)} ms (target ≤ 2); ${(big.naive.p50 / big.first.p50).toFixed(0)}× faster than the naive sort at p50 (target ≥ 100×); ${big.agents / small.agents}× the agents costs ${(big.first.p99 / small.first.p99).toFixed(2)}× at p99 (target ≤ 1.5); HTTP first p50 = floor + ${f(big.httpFirst.p50 - big.floor.p50)} ms (target ≤ +3), p99 = ${(big.httpFirst.p99 / big.floor.p99).toFixed(1)}× the floor's (target ≤ 3×).`,
  ];
  if (smoke) return console.log(lines.join('\n'));
  const title = DB === 'sqlite' ? 'Matching at scale' : `Matching at scale — PostgreSQL, ${INSTANCES === 1 ? 'one instance' : 'two instances'}`;
  writeSection(title, lines.join('\n'));
};

/** Stops the servers and the PostgreSQL + Redis this run started, once, whoever asks first. */
let cleaning: Promise<void> | null = null;
const cleanUp = () =>
  (cleaning ??= (async () => {
    for (const server of running.splice(0).reverse()) await server.stop().catch(() => {});
    services?.stop();
  })());
// Ctrl-C or a supervisor's SIGTERM stops the run the same way a failure does.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().then(() => process.exit(130)));

main()
  .then(() => process.exit(0))
  .catch(async (err) => {
    console.error(err);
    await cleanUp();
    process.exit(1);
  });
