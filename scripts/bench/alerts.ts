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
// Writes the "## Alerts under load" section of docs/benchmarks.md.
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { io, type Socket } from 'socket.io-client';
import { startServer, type RunningServer } from '../../test/helpers/server.ts';
import { cpuTicks, percentile, rssMb, writeSection } from './report.ts';

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

type Target = {
  name: string;
  /** opens `n` more idle signed-in customer sockets */
  addIdle?: (n: number) => Promise<void>;
  pid: number;
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

const json = async (url: string, init: RequestInit & { cookie?: string } = {}) => {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init.cookie ? { cookie: init.cookie } : {}), ...(init.headers ?? {}) } });
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { status: res.status, body: (await res.json().catch(() => null)) as any, cookie };
};

/** The real server, a fresh database built by the migrations, agents and customers through the public API. */
const appTarget = async (): Promise<Target & { server: RunningServer }> => {
  const server = await startServer({
    env: { ACCEPT_TIMEOUT_MS: '600000', RATE_LIMIT_MULTIPLIER: '1000' },
    nodeArgs: process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean),
  });
  cleanups.push(() => server.stop());
  const { hashPassword } = await import('../../lib/auth/password.ts');
  const { makeAgent } = await import('../../test/helpers/db.ts');
  const hash = await hashPassword('bench-password');
  const listeners: ((m: string) => void)[] = [];
  for (let a = 0; a < AGENTS; a++) {
    const agent = await makeAgent(server.db, { handle: `bench-${a}`, capability: 90 - a, passwordHash: hash, connected: false });
    await server.db.agent.update({ where: { id: agent.id }, data: { capacity: 100_000, maxOpenRequests: 100_000 } });
    const login = await json(`${server.url}/api/agent/login`, { method: 'POST', body: JSON.stringify({ email: `bench-${a}@test.local`, password: 'bench-password' }) });
    const s = await open(server.url, { auth: { token: login.body.token } });
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
  console.log(`app: ${AGENTS} agents connected; binding ${BOUND} customers, opening ${IDLE} idle sockets…`);
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
      const created = await json(`${server.url}/api/customers`, { method: 'POST', body: JSON.stringify({ name: `Idle ${idle}`, phone: `+8613800${String(idle).padStart(6, '0')}` }) });
      await open(server.url, { extraHeaders: { cookie: created.cookie } });
    }
  };
  await addIdle(IDLE);
  return {
    name: 'app',
    addIdle,
    pid: server.pid,
    server,
    send: (i, message) =>
      fetch(`${server.url}/api/service-requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: customers[i % customers.length]!, 'Idempotency-Key': `bench-${message}` },
        body: JSON.stringify({ message }),
      }).then(async (r) => (await r.arrayBuffer(), r.status)),
    onAlert: (fn) => listeners.push(fn),
    close: async () => {
      const errors = server.logs.join('').split('\n').filter((l) => l.includes('"level":50') || l.includes('"level":40'));
      if (errors.length) console.log(`server warnings/errors (${errors.length}), first:\n${errors.slice(0, 3).map((l) => l.slice(0, 400)).join('\n')}`);
      await server.stop();
    },
  };
};

/** The bare floor: HTTP POST → emit, no database. */
const floorTarget = async (): Promise<Target> => {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/floor-server.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
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
    send: (i, message) =>
      fetch(`${url}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message, agent: `a${i % AGENTS}` }) }).then(async (r) => (await r.arrayBuffer(), r.status)),
    onAlert: (fn) => listeners.push(fn),
    close: async () => {
      child.kill('SIGTERM');
    },
  };
};

type Result = { rate: number; seconds: number; sent: number; accepted: number; refused: number; failed: number; lost: number; p50: number; p95: number; p99: number; achieved: number; cpu: number; clientCpu: number; rssMb: number };

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
  const statuses: Promise<{ message: string; status: number; error?: string }>[] = [];
  const total = Math.round(rate * seconds);
  const cpu0 = cpuTicks(t.pid);
  const clientCpu0 = cpuTicks(process.pid);
  const begin = performance.now();
  for (let i = 0; i < total; i++) {
    const due = begin + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const message = `${tag}-${i}`;
    started.set(message, performance.now());
    statuses.push(
      t.send(i, message).then(
        (status) => ({ message, status }),
        (err: Error & { cause?: { code?: string; message?: string } }) => ({ message, status: 0, error: err.cause?.code ?? err.cause?.message ?? err.message }),
      ),
    );
  }
  const answers = await Promise.all(statuses);
  const sendEnd = performance.now();
  await new Promise((r) => setTimeout(r, LOST_AFTER_MS));
  const elapsed = (sendEnd - begin) / 1000;
  const cpuPct = ((cpuTicks(t.pid) - cpu0) / 100 / ((performance.now() - begin) / 1000)) * 100;
  const clientCpuPct = ((cpuTicks(process.pid) - clientCpu0) / 100 / ((performance.now() - begin) / 1000)) * 100;
  const accepted = answers.filter((a) => a.status === 200 || a.status === 201);
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
    cpu: cpuPct,
    clientCpu: clientCpuPct,
    rssMb: rssMb(t.pid),
  };
};

/** A rate holds when nothing fails, nothing is lost or refused, and alerts keep up with what is sent. */
const holds = (r: Result) => r.failed === 0 && r.lost === 0 && r.refused === 0 && r.achieved >= 0.95 * r.rate && r.p99 <= 1000;

const ms = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(1) : v.toFixed(0)) : '–');
const row = (label: string, r: Result) =>
  `| ${label} | ${r.rate}/s × ${r.seconds} s | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${r.achieved.toFixed(0)}/s | ${r.failed} / ${r.refused} / ${r.lost} of ${r.sent} | ${r.cpu.toFixed(0)} % | ${r.clientCpu.toFixed(0)} % | ${r.rssMb.toFixed(0)} MB |`;

const main = async () => {
  const results: { target: string; fixed: Result; steps: Result[]; rss5k?: number }[] = [];
  const targets = [floorTarget, appTarget].filter((make) => !ONLY || (ONLY === 'app') === (make === appTarget));
  for (const make of targets) {
    const target = await make();
    const fixed = await run(target, FIXED, FIXED_S);
    console.log(row(target.name, fixed));
    const steps: Result[] = [];
    for (const rate of RATES) {
      const r = await run(target, rate, STEP_S);
      console.log(row(target.name, r));
      steps.push(r);
      if (!holds(r) && r.rate > FIXED) break;
    }
    let rss5k: number | undefined;
    if (target.addIdle && !smoke) {
      await target.addIdle(5000 - IDLE);
      await new Promise((r) => setTimeout(r, 3000));
      rss5k = rssMb(target.pid);
      console.log(`app RSS with 5,000 idle customer sockets: ${rss5k.toFixed(0)} MB`);
    }
    results.push({ target: target.name, fixed, steps, rss5k });
    sockets.splice(0).forEach((s) => s.disconnect());
    await target.close();
  }
  if (ONLY) return;
  const [floor, app] = results as [(typeof results)[0], (typeof results)[0]];
  const best = (rs: Result[]) => rs.filter(holds).reduce((m, r) => Math.max(m, r.rate), 0);
  const lines = [
    `Command: \`npm run bench:alerts\` · ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} · Node ${process.version}`,
    '',
    `${AGENTS} agents connected with real sockets (each alert confirmed, acknowledged and resolved), ${BOUND} bound customers sending, ${IDLE} idle signed-in customer sockets; SQLite, one instance, production build. The floor: a bare process turning the POST into an emit (no database), same client, same idle sockets. Latency = alert received − POST started (ms). failed / refused (503/429) / lost (no alert ${LOST_AFTER_MS / 1000} s after the run).`,
    '',
    '| target | load | p50 | p95 | p99 | alerts | failed / refused / lost | server CPU | client CPU | server RSS |',
    '|---|---|---:|---:|---:|---:|---|---:|---:|---:|',
    row('floor', floor.fixed),
    row('**app**', app.fixed),
    ...floor.steps.map((r) => row('floor', r)),
    ...app.steps.map((r) => row('**app**', r)),
    '',
    `At ${FIXED}/s: app p50 = ${(app.fixed.p50 / floor.fixed.p50).toFixed(1)}× the floor's, p99 = ${(app.fixed.p99 / floor.fixed.p99).toFixed(1)}× (targets ≤ 4× and ≤ 5×).`,
    `Highest step rate that holds (nothing failed, refused or lost, alerts ≥ 95 % of the rate, p99 ≤ 1 s): app ${best(app.steps)}/s, floor ${best(floor.steps)}/s.`,
    ...(app.rss5k ? [`Server RSS with 5,000 idle signed-in customer sockets: ${app.rss5k.toFixed(0)} MB (target ≤ 1 GiB).`] : []),
  ];
  if (smoke) {
    console.log(lines.join('\n'));
    const bad = results.some((r) => r.fixed.failed || r.fixed.lost);
    if (bad) throw new Error('smoke run lost or failed requests');
    return;
  }
  writeSection('Alerts under load', lines.join('\n'));
};

main()
  .then(() => process.exit(0))
  .catch(async (err) => {
    console.error(err);
    sockets.forEach((s) => s.disconnect());
    for (const clean of cleanups) await Promise.resolve(clean()).catch(() => {});
    process.exit(1);
  });
