// npm run bench:alerts — request → alert, measured from outside, beside a bare floor in the same run.
//
// The real server (production build, SQLite, one instance) with N agents connected through real
// socket.io-client sockets that acknowledge and resolve every alert, and 1,000 idle signed-in
// customer sockets; bound customers send requests at a fixed rate. The floor is a bare process that
// turns an HTTP POST into a Socket.IO emit (scripts/bench/floor-server.ts), driven by the same client
// with the same idle sockets. Latency = alert received − POST started, one clock (this process).
//   --smoke            a few seconds, tiny load, nothing written (CI keeps the script from rotting)
//   --rates=25,50,…    the step-up rates (10 s each); --fixed=200 (30 s) is reported first
//   --fixed-seconds=N  length of the fixed run; --only=app|floor runs one target and writes nothing
//   (for profiling: BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof')
//   --db=postgres      a throw-away PostgreSQL + Redis (scripts/test-services.ts), a fresh database
//                      built by the server's start-up migrations, the same agents and customers
//   --instances=N      N app servers on that PostgreSQL + Redis (needs --db=postgres): agents' sockets
//                      and idle sockets spread over them, requests sent through each in turn, so most
//                      alerts cross instances through the Redis adapter
//   --port=P           ports from P (floor P, instances P+1…, PostgreSQL P+100, Redis P+150); default any
//   --rss5k / --no-rss5k  measure RSS with 5,000 idle sockets (default: SQLite full runs only)
//   --webhook          one webhook endpoint for every event (a receiver in this process answering 200 at
//                      once): the outbox triggers, the worker and the POSTs run beside the hot path (issue 29)
//   --pg-statements    PostgreSQL with pg_stat_statements: after the fixed run, print each statement's
//                      calls per request and mean time (costs PostgreSQL a little CPU; for profiling)
// Writes the "## Alerts under load" section of docs/benchmarks.md (SQLite), or "… — PostgreSQL, one
// instance" / "… — PostgreSQL, N instances" with CPU per process (each instance, PostgreSQL with all
// its backends, Redis, the load client).
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { startServer, type RunningServer } from '../../test/helpers/server.ts';
import { cpuTicks, percentile, rssMb, treeCpuTicks, treePssMb, writeSection } from './report.ts';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string | undefined]));
const smoke = args.has('smoke');
const AGENTS = 6;
const BOUND = smoke ? 6 : 60;
const IDLE = Number(args.get('idle') ?? (smoke ? 20 : 1000));
const FIXED = Number(args.get('fixed') ?? (smoke ? 20 : 200));
const FIXED_S = Number(args.get('fixed-seconds') ?? (smoke ? 2 : 30));
/** --only=app|floor: one target (profiling); the section is not written then */
const ONLY = args.get('only');
const STEP_S = smoke ? 1 : 10;
const RATES = (args.get('rates') ?? (smoke ? '40' : '25,50,75,100,200,300,400,500,650,800,1000')).split(',').map(Number);
const LOST_AFTER_MS = 2000;
const DB = args.get('db') ?? 'sqlite';
const INSTANCES = Number(args.get('instances') ?? 1);
/** 0: any free port (the default); otherwise floor P, instances P+1…, PostgreSQL P+100, Redis P+150 */
const PORT = Number(args.get('port') ?? 0);
const PG_STATEMENTS = args.has('pg-statements');
const WEBHOOK = args.has('webhook');
let webhookDeliveries = 0;
const RSS5K = args.has('rss5k') || (!args.has('no-rss5k') && !smoke && DB === 'sqlite' && INSTANCES === 1);
if (DB !== 'sqlite' && DB !== 'postgres') throw new Error(`--db must be sqlite or postgres, not ${DB}`);
if (!(INSTANCES >= 1 && Number.isInteger(INSTANCES))) throw new Error('--instances must be a whole number ≥ 1');
if (INSTANCES > 1 && DB !== 'postgres') throw new Error('--instances > 1 needs --db=postgres (instances share state through PostgreSQL and Redis)');
const multiProcess = DB === 'postgres';
const instanceName = (k: number) => String.fromCharCode(65 + k); // A, B, …

/** A process whose CPU is measured during each run; `tree`: with its children (PostgreSQL's backends). */
type Proc = { label: string; pid: number; tree?: boolean };

type Target = {
  name: string;
  /** opens `n` more idle signed-in customer sockets */
  addIdle?: (n: number) => Promise<void>;
  /** the server process (the first instance when there are several) */
  pid: number;
  /** the target's own processes; the load client is added by run() */
  procs: Proc[];
  /** requests sent through an instance other than the one holding the agent's socket */
  crossed?: (i: number) => boolean;
  /** PostgreSQL: transactions committed or rolled back in the app's database so far */
  transactions?: () => Promise<number>;
  /** --pg-statements: zero the statement counters / read them */
  statements?: { reset: () => Promise<void>; read: () => Promise<{ query: string; calls: number; meanMs: number }[]> };
  /** send one request; resolves with the HTTP status */
  send: (i: number, message: string) => Promise<number>;
  onAlert: (fn: (message: string) => void) => void;
  close: () => Promise<void>;
};

const sockets: Socket[] = [];
/** Whatever was started, stopped even when a run fails: a benchmark stops by itself. */
const cleanups: (() => Promise<unknown> | unknown)[] = [];
const open = (url: string, opts: Parameters<typeof io>[1]) => {
  const s = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, ...opts });
  sockets.push(s);
  return new Promise<Socket>((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
};

/** Setup calls, as a client should make them: a 503 is retried after its Retry-After. */
const json = async (url: string, init: RequestInit & { cookie?: string } = {}) => {
  let res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init.cookie ? { cookie: init.cookie } : {}), ...(init.headers ?? {}) } });
  for (let tries = 0; res.status === 503 && tries < 20; tries++) {
    await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 1000));
    res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init.cookie ? { cookie: init.cookie } : {}), ...(init.headers ?? {}) } });
  }
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { status: res.status, body: (await res.json().catch(() => null)) as any, cookie };
};

/** PostgreSQL + Redis for --db=postgres: the tests' throw-away services, one database for this run. */
const startServices = async () => {
  const { servicesInstalled, startTestServices } = await import('../test-services.ts');
  if (!servicesInstalled()) throw new Error('--db=postgres needs PostgreSQL and Redis: apt-get install -y postgresql redis-server');
  const services = await startTestServices({
    ...(PORT ? { pgPort: PORT + 100, redisPort: PORT + 150 } : {}),
    ...(PG_STATEMENTS ? { pgOptions: '-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all' } : {}),
  });
  cleanups.push(() => services.stop());
  const admin = new pg.Client({ connectionString: services.pgUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE bench_alerts');
  const pgVersion = ((await admin.query('SHOW server_version')).rows[0] as { server_version: string }).server_version;
  await admin.end();
  const url = new URL(services.pgUrl);
  url.pathname = '/bench_alerts';
  // One connection of the benchmark's own for its counters (not in the app's pools).
  const stats = new pg.Client({ connectionString: url.toString() });
  await stats.connect();
  cleanups.push(() => stats.end());
  if (PG_STATEMENTS) await stats.query('CREATE EXTENSION pg_stat_statements');
  const transactions = async () => {
    const r = await stats.query(`SELECT pg_stat_force_next_flush(); SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = 'bench_alerts'`);
    return Number((r as unknown as pg.QueryResult[])[1]!.rows[0].n);
  };
  const statements = PG_STATEMENTS
    ? {
        reset: async () => void (await stats.query('SELECT pg_stat_statements_reset()')),
        read: async () =>
          (
            await stats.query(
              `SELECT query, calls::int, mean_exec_time AS "meanMs" FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
               WHERE d.datname = 'bench_alerts' ORDER BY calls DESC, total_exec_time DESC LIMIT 40`,
            )
          ).rows,
      }
    : undefined;
  return { dbUrl: url.toString(), redisUrl: services.redisUrl, pids: services.pids, pgVersion, transactions, statements };
};
let pgVersion = '';

/** The real server(s), a fresh database built by the migrations, agents and customers through the public API. */
const appTarget = async (): Promise<Target & { server: RunningServer }> => {
  const services = DB === 'postgres' ? await startServices() : null;
  pgVersion = services?.pgVersion ?? '';
  const servers: RunningServer[] = [];
  for (let k = 0; k < INSTANCES; k++) {
    const server = await startServer({
      ...(services ? { dbUrl: servers[0]?.dbUrl ?? services.dbUrl } : {}),
      env: {
        // Production's load shedding (the test helper turns it off).
        ACCEPT_TIMEOUT_MS: '600000',
        RATE_LIMIT_MULTIPLIER: '1000',
        // The production default of the lag guard: the wait budget (1 s).
        MAX_EVENT_LOOP_DELAY_MS: process.env.MAX_EVENT_LOOP_DELAY_MS ?? '1000',
        ...(PORT ? { PORT: String(PORT + 1 + k) } : {}),
        ...(WEBHOOK ? { WEBHOOKS_ALLOW_HTTP: '1', WEBHOOKS_ALLOW_PRIVATE: '1' } : {}),
        // Production settings for PostgreSQL: the default pool, the Redis adapter (also for one
        // instance, so one and N instances differ only in N).
        ...(services ? { DATABASE_POOL_MAX: process.env.DATABASE_POOL_MAX ?? '10', REDIS_URL: services.redisUrl, REDIS_KEY_PREFIX: 'bench', INSTANCE_ID: `bench-${instanceName(k)}` } : {}),
      },
      nodeArgs: process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean),
    });
    cleanups.push(() => server.stop());
    servers.push(server);
  }
  const server = servers[0]!;
  if (WEBHOOK) {
    // The shop's receiver: answers 200 at once and counts what came (its CPU is this process's).
    const http = await import('node:http');
    const receiver = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        webhookDeliveries++;
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => receiver.close(() => r(undefined))));
    const { createWebhook } = await import('../../lib/webhooks/endpoints.ts');
    const port = (receiver.address() as import('node:net').AddressInfo).port;
    await createWebhook({ db: server.db, input: { url: `http://127.0.0.1:${port}/hooks`, events: ['*'] }, policy: { allowHttp: true, allowPrivate: true }, adminId: null });
  }
  const { hashPassword } = await import('../../lib/credentials/password.ts');
  const { makeAgent } = await import('../../test/helpers/db.ts');
  const hash = await hashPassword('bench-password');
  const listeners: ((m: string) => void)[] = [];
  // Agent a's console is connected to instance a % N.
  const agentInstance = (a: number) => a % INSTANCES;
  for (let a = 0; a < AGENTS; a++) {
    const agent = await makeAgent(server.db, { handle: `bench-${a}`, capability: 90 - a, passwordHash: hash, connected: false });
    await server.db.agent.update({ where: { id: agent.id }, data: { capacity: 100_000, maxOpenRequests: 100_000 } });
    const login = await json(`${server.url}/api/agent/login`, { method: 'POST', body: JSON.stringify({ email: `bench-${a}@test.local`, password: 'bench-password' }) });
    const s = await open(servers[agentInstance(a)]!.url, { auth: { token: login.body.token } });
    s.on('service-request:new', (alert: { id: string; message: string }, received: (v: boolean) => void) => {
      received(true);
      listeners.forEach((fn) => fn(alert.message));
      s.emit('service-request:ack', { id: alert.id }, () => s.emit('service-request:resolve', { id: alert.id }, () => {}));
    });
  }
  // Presence counts the connections before anyone is matched.
  const until = Date.now() + 30_000;
  while ((await server.db.agentConnection.count()) < AGENTS) {
    if (Date.now() > until) throw new Error(`agents not counted as connected: ${server.logs.join('')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  console.log(`app: ${AGENTS} agents connected to ${INSTANCES} instance(s); binding ${BOUND} customers, opening ${IDLE} idle sockets…`);
  const customers: string[] = [];
  for (let c = 0; c < BOUND; c++) {
    const created = await json(`${server.url}/api/customers`, { method: 'POST', body: JSON.stringify({ name: `Bench ${c}`, email: `bench${c}@example.com` }) });
    const cookie = created.cookie;
    let m = await json(`${server.url}/api/matches`, { method: 'POST', cookie });
    while (m.body.agent && m.body.agent.handle !== `bench-${c % AGENTS}`) m = await json(`${server.url}/api/matches/${m.body.matchId}/skip`, { method: 'POST', cookie });
    const chosen = await json(`${server.url}/api/matches/${m.body.matchId}/choose`, { method: 'POST', cookie });
    if (chosen.status !== 201) throw new Error(`could not bind bench customer ${c}: ${JSON.stringify(chosen.body)}`);
    customers.push(cookie);
  }
  let idle = 0;
  const addIdle = async (n: number) => {
    for (let k = 0; k < n; k++, idle++) {
      const via = servers[idle % INSTANCES]!.url;
      const created = await json(`${via}/api/customers`, { method: 'POST', body: JSON.stringify({ name: `Idle ${idle}`, phone: `+8613800${String(idle).padStart(6, '0')}` }) });
      await open(via, { extraHeaders: { cookie: created.cookie } });
    }
  };
  await addIdle(IDLE);
  // Request i comes from customer i % BOUND (bound to agent (i % BOUND) % AGENTS) and goes through
  // instance (i + ⌊i / BOUND⌋) % N: consecutive requests alternate, and each customer's requests
  // alternate from one round to the next, as a balancer without stickiness for POSTs would spread them.
  const via = (i: number) => (i + Math.floor(i / BOUND)) % INSTANCES;
  return {
    name: 'app',
    addIdle,
    pid: server.pid,
    procs: [
      ...servers.map((sv, k) => ({ label: INSTANCES > 1 ? `app ${instanceName(k)}` : 'app', pid: sv.pid })),
      ...(services ? [{ label: 'PostgreSQL', pid: services.pids.postgres, tree: true }, { label: 'Redis', pid: services.pids.redis }] : []),
    ],
    crossed: (i) => via(i) !== agentInstance((i % BOUND) % AGENTS),
    transactions: services?.transactions,
    statements: services?.statements,
    server,
    send: (i, message) =>
      fetch(`${servers[via(i)]!.url}/api/service-requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: customers[i % customers.length]!, 'Idempotency-Key': `bench-${message}` },
        body: JSON.stringify({ message }),
      }).then(async (r) => (await r.arrayBuffer(), r.status)),
    onAlert: (fn) => listeners.push(fn),
    close: async () => {
      for (const [k, sv] of servers.entries()) {
        const errors = sv.logs.join('').split('\n').filter((l) => l.includes('"level":50') || l.includes('"level":40'));
        if (errors.length) console.log(`server ${instanceName(k)} warnings/errors (${errors.length}), first:\n${errors.slice(0, 3).map((l) => l.slice(0, 400)).join('\n')}`);
      }
      for (const sv of servers.slice().reverse()) await sv.stop();
    },
  };
};

/** The bare floor: HTTP POST → emit, no database. */
const floorTarget = async (): Promise<Target> => {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/floor-server.ts'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PORT: String(PORT) },
  });
  cleanups.push(() => child.kill('SIGTERM'));
  const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(JSON.parse(d.toString()).port)));
  const url = `http://127.0.0.1:${port}`;
  const listeners: ((m: string) => void)[] = [];
  for (let a = 0; a < AGENTS; a++) {
    const s = await open(url, { auth: { agent: `a${a}` } });
    s.on('service-request:new', (alert: { message: string }) => listeners.forEach((fn) => fn(alert.message)));
  }
  for (let c = 0; c < IDLE; c++) await open(url, {});
  return {
    name: 'floor',
    pid: child.pid!,
    procs: [{ label: 'floor', pid: child.pid! }],
    send: (i, message) =>
      fetch(`${url}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message, agent: `a${i % AGENTS}` }) }).then(async (r) => (await r.arrayBuffer(), r.status)),
    onAlert: (fn) => listeners.push(fn),
    close: async () => {
      child.kill('SIGTERM');
    },
  };
};

type Result = {
  rate: number;
  seconds: number;
  sent: number;
  accepted: number;
  refused: number;
  failed: number;
  lost: number;
  p50: number;
  p95: number;
  p99: number;
  achieved: number;
  /** the target's server process(es): the sum over its app instances (or the floor process), % of one core */
  cpu: number;
  clientCpu: number;
  /** every measured process, % of one core, and its CPU ms per accepted request */
  cpuBy: { label: string; pct: number; msPerRequest: number }[];
  rssMb: number;
  /** RSS of each app instance (MB) and PostgreSQL's proportional memory, all processes (MB) */
  rssBy: { label: string; mb: number }[];
  /** share of accepted requests sent through an instance other than their agent's */
  crossedPct: number;
  /** PostgreSQL transactions (a statement outside a transaction is one) per accepted request */
  xactsPerRequest: number;
  load: [number, number];
};

let runNo = 0;
/** Sends at `rate` for `seconds`, then waits LOST_AFTER_MS for the last alerts. */
const run = async (t: Target, rate: number, seconds: number): Promise<Result> => {
  const tag = `${t.name}-${++runNo}-${Date.now()}`;
  const started = new Map<string, number>();
  const latencies: number[] = [];
  const alerted = new Set<string>();
  t.onAlert((message) => {
    const t0 = started.get(message);
    if (t0 === undefined || alerted.has(message)) return;
    alerted.add(message);
    latencies.push(performance.now() - t0);
  });
  const statuses: Promise<{ i: number; message: string; status: number; error?: string }>[] = [];
  const total = Math.round(rate * seconds);
  const procs: Proc[] = [...t.procs, { label: 'client', pid: process.pid }];
  const ticks = (p: Proc) => (p.tree ? treeCpuTicks(p.pid) : cpuTicks(p.pid));
  const load0 = os.loadavg()[0]!;
  const xacts0 = (await t.transactions?.()) ?? NaN;
  const cpu0 = procs.map(ticks);
  const begin = performance.now();
  for (let i = 0; i < total; i++) {
    const due = begin + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const message = `${tag}-${i}`;
    started.set(message, performance.now());
    statuses.push(
      t.send(i, message).then(
        (status) => ({ i, message, status }),
        (err: Error & { cause?: { code?: string; message?: string } }) => ({ i, message, status: 0, error: err.cause?.code ?? err.cause?.message ?? err.message }),
      ),
    );
  }
  const answers = await Promise.all(statuses);
  const sendEnd = performance.now();
  await new Promise((r) => setTimeout(r, LOST_AFTER_MS));
  const elapsed = (sendEnd - begin) / 1000;
  const wall = (performance.now() - begin) / 1000;
  const accepted = answers.filter((a) => a.status === 200 || a.status === 201);
  const xacts = ((await t.transactions?.()) ?? NaN) - xacts0;
  const cpuBy = procs.map((p, k) => {
    const used = ticks(p) - cpu0[k]!; // clock ticks, 100 a second
    return { label: p.label, pct: (used / 100 / wall) * 100, msPerRequest: accepted.length ? (used * 10) / accepted.length : NaN };
  });
  const refused = answers.filter((a) => a.status === 503 || a.status === 429).length;
  const failed = answers.length - accepted.length - refused;
  const lost = accepted.filter((a) => !alerted.has(a.message)).length;
  const other = answers.filter((a) => !(a.status === 200 || a.status === 201));
  if (other.length) {
    const byStatus = new Map<number | string, number>();
    other.forEach((a) => byStatus.set(a.error ?? a.status, (byStatus.get(a.error ?? a.status) ?? 0) + 1));
    console.log(`  ${t.name} ${rate}/s: not accepted by status ${JSON.stringify(Object.fromEntries(byStatus))} (0 = no answer)`);
  }
  latencies.sort((a, b) => a - b);
  const servers = t.procs.filter((p) => p.label === t.name || p.label.startsWith(`${t.name} `));
  return {
    rate,
    seconds,
    sent: total,
    accepted: accepted.length,
    refused,
    failed,
    lost,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    achieved: alerted.size / elapsed,
    cpu: cpuBy.filter((c) => servers.some((p) => p.label === c.label)).reduce((sum, c) => sum + c.pct, 0),
    clientCpu: cpuBy.at(-1)!.pct,
    cpuBy,
    rssMb: servers.reduce((sum, p) => sum + rssMb(p.pid), 0),
    rssBy: t.procs.filter((p) => p.label !== 'Redis').map((p) => ({ label: p.label, mb: p.tree ? treePssMb(p.pid) : rssMb(p.pid) })),
    crossedPct: t.crossed && accepted.length ? (accepted.filter((a) => t.crossed!(a.i)).length / accepted.length) * 100 : 0,
    xactsPerRequest: accepted.length ? xacts / accepted.length : NaN,
    load: [load0, os.loadavg()[0]!],
  };
};

/** A rate holds when nothing fails, nothing is lost or refused, and alerts keep up with what is sent. */
const holds = (r: Result) => r.failed === 0 && r.lost === 0 && r.refused === 0 && r.achieved >= 0.95 * r.rate && r.p99 <= 1000;

const ms = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(1) : v.toFixed(0)) : '–');
const pct = (r: Result, label: string) => {
  const c = r.cpuBy.find((x) => x.label === label);
  return c ? `${c.pct.toFixed(0)} %` : '–';
};
const sqliteRow = (label: string, r: Result) =>
  `| ${label} | ${r.rate}/s × ${r.seconds} s | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${r.achieved.toFixed(0)}/s | ${r.failed} / ${r.refused} / ${r.lost} of ${r.sent} | ${r.cpu.toFixed(0)} % | ${r.clientCpu.toFixed(0)} % | ${r.rssMb.toFixed(0)} MB |`;
const appLabels = INSTANCES > 1 ? Array.from({ length: INSTANCES }, (_, k) => `app ${instanceName(k)}`) : ['app'];
/** PostgreSQL runs: CPU of every process (% of one core; 200 % = both cores of this machine). */
const pgRow = (label: string, r: Result) => {
  const isFloor = r.cpuBy.some((c) => c.label === 'floor');
  const serverCpu = isFloor ? pct(r, 'floor') : appLabels.map((l) => pct(r, l)).join(' + ');
  const total = r.cpuBy.reduce((sum, c) => sum + c.pct, 0);
  const rss = isFloor ? `${r.rssMb.toFixed(0)} MB` : r.rssBy.map((m) => m.mb.toFixed(0)).join(' + ') + ' MB';
  return `| ${label} | ${r.rate}/s × ${r.seconds} s | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${r.achieved.toFixed(0)}/s | ${r.failed} / ${r.refused} / ${r.lost} of ${r.sent} | ${serverCpu} | ${pct(r, 'PostgreSQL')} | ${pct(r, 'Redis')} | ${pct(r, 'client')} | ${total.toFixed(0)} % | ${rss} | ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)} |`;
};
const row = multiProcess ? pgRow : sqliteRow;
/** Server CPU per accepted request (ms): every app instance, or the floor process. */
const cpuMs = (r: Result) => {
  const own = r.cpuBy.filter((c) => c.label === 'floor' || c.label === 'app' || c.label.startsWith('app '));
  const v = own.reduce((sum, c) => sum + c.msPerRequest, 0);
  return Number.isFinite(v) && own.length ? v.toFixed(2) : '–';
};

const main = async () => {
  if (smoke && DB === 'postgres' && !process.env.CI) {
    const { servicesInstalled } = await import('../test-services.ts');
    // Like the test suite: without the packages a developer runs the SQLite smoke only, told so; CI has them.
    if (!servicesInstalled()) return console.warn('bench smoke on PostgreSQL NOT RUN: PostgreSQL/Redis not installed (apt-get install -y postgresql redis-server)');
  }
  const results: { target: string; fixed: Result; steps: Result[]; rss5k?: number; rssIdle?: number }[] = [];
  const targets = [floorTarget, appTarget].filter((make) => !ONLY || (ONLY === 'app') === (make === appTarget));
  const loadStart = os.loadavg();
  for (const make of targets) {
    const target = await make();
    // Memory with the idle sockets open and nothing sent yet (issue 27's target), then after the rows.
    let rssIdle: number | undefined;
    if (target.addIdle) {
      await new Promise((r) => setTimeout(r, 3000));
      rssIdle = rssMb(target.pid);
      console.log(`app RSS with ${IDLE} idle customer sockets, before any load: ${rssIdle.toFixed(0)} MB`);
    }
    await target.statements?.reset();
    const fixed = await run(target, FIXED, FIXED_S);
    console.log(row(target.name, fixed));
    if (target.statements) {
      console.log(`statements per accepted request at ${FIXED}/s (pg_stat_statements; ${fixed.accepted} accepted):`);
      for (const st of await target.statements.read())
        console.log(`  ${(st.calls / fixed.accepted).toFixed(2).padStart(6)} × ${st.meanMs.toFixed(3)} ms  ${st.query.replace(/\s+/g, ' ').slice(0, 160)}`);
    }
    const steps: Result[] = [];
    for (const rate of RATES) {
      const r = await run(target, rate, STEP_S);
      console.log(row(target.name, r));
      steps.push(r);
      if (!holds(r) && r.rate > FIXED) break;
    }
    let rss5k: number | undefined;
    if (target.addIdle && RSS5K) {
      await target.addIdle(5000 - IDLE);
      await new Promise((r) => setTimeout(r, 3000));
      rss5k = rssMb(target.pid);
      console.log(`app RSS with 5,000 idle customer sockets: ${rss5k.toFixed(0)} MB`);
    }
    results.push({ target: target.name, fixed, steps, rss5k, rssIdle });
    sockets.splice(0).forEach((s) => s.disconnect());
    await target.close();
  }
  await cleanUp();
  if (ONLY) return;
  const loadEnd = os.loadavg();
  const [floor, app] = results as [(typeof results)[0], (typeof results)[0]];
  const best = (rs: Result[]) => rs.filter(holds).reduce((m, r) => Math.max(m, r.rate), 0);
  const la = (l: number[]) => l.map((v) => v.toFixed(1)).join(' / ');
  const setup =
    DB === 'sqlite'
      ? 'SQLite, one instance, production build'
      : `PostgreSQL ${pgVersion} (a throw-away cluster from scripts/test-services.ts on loopback: fsync, synchronous_commit and full_page_writes off — commits cost about what SQLite's WAL with synchronous=NORMAL costs, no disk flush per commit), Redis adapter, ${INSTANCES === 1 ? 'one instance' : `${INSTANCES} instances`} (production build, pool of ${process.env.DATABASE_POOL_MAX ?? '10'} connections each)${INSTANCES > 1 ? `; agents' sockets spread over the instances (agent a on instance a mod ${INSTANCES}), idle sockets too, and requests sent through the instances in turn, so ${app.fixed.crossedPct.toFixed(0)} % of the alerts at ${FIXED}/s crossed instances through Redis` : ''}`;
  const command = `npm run bench:alerts${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const lines = [
    `Command: \`${command}\` · ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} · Node ${process.version}${multiProcess ? ` · load average (1/5/15 min) ${la(loadStart)} at the start, ${la(loadEnd)} at the end` : ''}`,
    '',
    `${AGENTS} agents connected with real sockets (each alert confirmed, acknowledged and resolved), ${BOUND} bound customers sending, ${IDLE} idle signed-in customer sockets; ${setup}. The floor: a bare process turning the POST into an emit (no database), same client, same idle sockets. Latency = alert received − POST started (ms). failed / refused (503/429) / lost (no alert ${LOST_AFTER_MS / 1000} s after the run).`,
    ...(multiProcess
      ? [
          '',
          `CPU in % of one core (this machine has ${os.cpus().length}; everything below shares them): each app instance, PostgreSQL (the postmaster and all its backends, read from /proc including backends that ended), Redis, the load client (this process), and their total. Memory: RSS of each app instance, then PostgreSQL's proportional set size (shared buffers counted once). Load average: 1-minute, at the start → end of each row.`,
          '',
          '| target | load | p50 | p95 | p99 | alerts | failed / refused / lost | app CPU | PostgreSQL CPU | Redis CPU | client CPU | total CPU | memory (MB) | load avg |',
          '|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---|',
        ]
      : ['', '| target | load | p50 | p95 | p99 | alerts | failed / refused / lost | server CPU | client CPU | server RSS |', '|---|---|---:|---:|---:|---:|---|---:|---:|---:|']),
    row('floor', floor.fixed),
    row('**app**', app.fixed),
    ...floor.steps.map((r) => row('floor', r)),
    ...app.steps.map((r) => row('**app**', r)),
    '',
    `At ${FIXED}/s: app p50 = ${(app.fixed.p50 / floor.fixed.p50).toFixed(1)}× the floor's, p99 = ${(app.fixed.p99 / floor.fixed.p99).toFixed(1)}× (targets ≤ 4× and ≤ 5×).`,
    `Highest step rate that holds (nothing failed, refused or lost, alerts ≥ 95 % of the rate, p99 ≤ 1 s): app ${best(app.steps)}/s, floor ${best(floor.steps)}/s.`,
    ...(multiProcess
      ? [app.fixed, ...(app.steps[0] ? [app.steps[0]] : [])].flatMap((r) => [
          `At ${r.rate}/s × ${r.seconds} s: PostgreSQL transactions per accepted request (a statement outside a transaction counts as one; pg_stat_database) ${r.xactsPerRequest.toFixed(1)}; CPU per accepted request (ms) ${r.cpuBy.map((c) => `${c.label} ${Number.isFinite(c.msPerRequest) ? c.msPerRequest.toFixed(2) : '–'}`).join(', ')}${r === app.fixed ? `; the floor's server ${floor.fixed.cpuBy[0]!.msPerRequest.toFixed(2)}, its client ${floor.fixed.cpuBy.at(-1)!.msPerRequest.toFixed(2)}` : ''}.`,
        ])
      : []),
    `Server CPU per accepted request (ms; issue 27's target at 50/s on SQLite ≤ 3): app ${[app.fixed, ...app.steps].map((r) => `${r.rate}/s ${cpuMs(r)}`).join(' · ')}; floor ${[floor.fixed, ...floor.steps].map((r) => `${r.rate}/s ${cpuMs(r)}`).join(' · ')}.`,
    ...(app.rssIdle ? [`Server RSS with ${IDLE} idle signed-in customer sockets before any load (the first instance): ${app.rssIdle.toFixed(0)} MB (target for 1,000: ≤ 400 MB).`] : []),
    ...(app.rss5k ? [`Server RSS with 5,000 idle signed-in customer sockets, after the rows above: ${app.rss5k.toFixed(0)} MB (target ≤ 600 MB).`] : []),
  ];
  if (WEBHOOK) lines.push(`One webhook endpoint for every event (a receiver in the load client answering 200 at once): ${webhookDeliveries} deliveries received during the runs.`);
  if (smoke) {
    console.log(lines.join('\n'));
    const bad = results.some((r) => r.fixed.failed || r.fixed.lost);
    if (bad) throw new Error('smoke run lost or failed requests');
    return;
  }
  const title = (DB === 'sqlite' ? 'Alerts under load' : `Alerts under load — PostgreSQL, ${INSTANCES === 1 ? 'one instance' : `${INSTANCES} instances`}`) + (WEBHOOK ? ' — one webhook endpoint' : '');
  writeSection(title, lines.join('\n'));
};

/** Stops what was started (servers, PostgreSQL, Redis, the floor) once, whoever asks first. */
let cleaning: Promise<void> | null = null;
const cleanUp = () =>
  (cleaning ??= (async () => {
    sockets.forEach((s) => s.disconnect());
    for (const clean of cleanups.splice(0).reverse()) await Promise.resolve(clean()).catch(() => {});
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
