// Issue 29's follow-up: what the webhook worker costs the server per event delivered — fan-out (the event's
// views read and its body made), claim, POST, outcome — beside its floor in the same run: the bare POSTs of
// the same signed bodies to the same receiver, same concurrency, no database. CPU of this process only; the
// receiver answers 200 from a child process of its own.
//
//   npm run bench:webhooks              2,000 customers bound, a request each (6,000 events) → writes its section
//   npm run bench:webhooks -- --smoke   100 requests, nothing written (checks it still runs)
//   npm run bench:webhooks -- --smoke --requests=400 --profile=/tmp/wh   and a CPU profile of the drain
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import { createTestDb, makeAgent, makeCustomer } from '../../test/helpers/db.ts';
import { bindAgent } from '../../lib/binding/bind-agent.ts';
import { silentNotifier } from '../../lib/events/dispatcher.ts';
import { createServiceRequest } from '../../lib/requests/create-request.ts';
import { createWebhook } from '../../lib/webhooks/endpoints.ts';
import { httpSender } from '../../lib/webhooks/send.ts';
import { signatureOf } from '../../lib/webhooks/sign.ts';
import { createWebhookWorker } from '../../lib/webhooks/worker.ts';
import { writeSection } from './report.ts';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string | undefined]));
const smoke = args.has('smoke');
const REQUESTS = Number(args.get('requests') ?? (smoke ? 100 : 2_000));
const ROUNDS = smoke ? 1 : 3;
const LOCAL = { allowHttp: true, allowPrivate: true };
/** `--profile=/tmp/wh`: a V8 CPU profile of each round's sends (after the fan-out), for scripts/bench/cpu-profile.ts. */
const PROFILE = args.get('profile');

const startProfile = async () => {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    return profile;
  };
};

const RECEIVER = `
const http = require('node:http');
let n = 0;
const s = http.createServer((req, res) => { req.resume(); req.on('end', () => { n++; res.writeHead(200).end('ok'); }); });
s.keepAliveTimeout = 60000;
s.listen(0, '127.0.0.1', () => process.stdout.write(String(s.address().port) + '\\n'));
process.on('message', () => process.send(n));
`;

const startReceiver = async () => {
  const child = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'pipe', 'ignore', 'ipc'] });
  const port = await new Promise<number>((resolve) => child.stdout!.once('data', (c: Buffer) => resolve(Number(String(c).trim()))));
  const received = () => new Promise<number>((resolve) => (child.once('message', (m) => resolve(Number(m))), child.send('count')));
  process.on('exit', () => child.kill());
  return { url: `http://127.0.0.1:${port}/hooks`, received, stop: () => child.kill() };
};

const cpuMs = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
};

let types: string[] = [];

const main = async () => {
  const receiver = await startReceiver();
  const rows: { round: number; events: number; workerMs: number; fanOutMs: number; floorMs: number; wallMs: number }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const { db, cleanup } = await createTestDb();
    await createWebhook({ db, input: { url: receiver.url, events: ['*'] }, policy: LOCAL, adminId: null });
    const agent = await makeAgent(db, { capability: 90 });
    await db.agent.update({ where: { id: agent.id }, data: { capacity: REQUESTS } }); // every customer theirs
    for (let i = 0; i < REQUESTS; i++) {
      const customer = await makeCustomer(db, { name: `C${i}`, email: `c${i}@example.com` });
      await db.$transaction((tx) => bindAgent({ tx, customerId: customer.id, agentId: agent.id }));
      await createServiceRequest({ db, notify: silentNotifier, customerId: customer.id, idempotencyKey: `bench-${round}-${i}`, input: { message: `Where is parcel ${i}?` } });
    }
    const events = await db.outboxEvent.count();
    types = (await db.outboxEvent.groupBy({ by: ['type'], _count: true })).map((g) => g.type).sort();
    const before = await receiver.received();

    // The worker: everything from the outbox to the recorded outcome.
    const worker = createWebhookWorker({ db, send: httpSender(LOCAL) });
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    // Fan-out first on its own (the pump interleaves it with sends), then the sends with their outcomes.
    while (await worker.dispatch());
    const fanOutMs = cpuMs(cpu0);
    const profiling = PROFILE ? await startProfile() : null;
    await worker.tick();
    await worker.idle();
    const workerMs = cpuMs(cpu0);
    const wallMs = performance.now() - t0;
    if (profiling) fs.writeFileSync(`${PROFILE}.${round}.cpuprofile`, JSON.stringify(await profiling()));
    const delivered = await db.webhookDelivery.count({ where: { status: 'delivered' } });
    if (delivered !== events || (await receiver.received()) - before !== events) throw new Error(`delivered ${delivered} of ${events}`);

    // The floor: the same bodies signed and POSTed to the same receiver, 8 at a time (the worker's concurrency).
    const bodies = (await db.webhookDelivery.findMany({ select: { body: true, eventId: true } })).map((d) => d.body);
    const send = httpSender(LOCAL);
    const cpu1 = process.cpuUsage();
    for (let i = 0; i < bodies.length; i += 8) {
      await Promise.all(
        bodies.slice(i, i + 8).map((body) => {
          const t = Math.floor(Date.now() / 1000);
          return send({ url: receiver.url, body, headers: { 'Webhook-Id': 'x', 'Webhook-Timestamp': String(t), 'Webhook-Signature': signatureOf('whsec_bench', body, t) }, timeoutMs: 5000 });
        }),
      );
    }
    const floorMs = cpuMs(cpu1);
    rows.push({ round, events, workerMs, fanOutMs, floorMs, wallMs });
    console.log(`round ${round}: ${events} events, worker ${(workerMs / events).toFixed(3)} ms CPU/event (fan-out ${(fanOutMs / events).toFixed(3)}; ${(wallMs / 1000).toFixed(1)} s), floor ${(floorMs / events).toFixed(3)} ms CPU/event`);
    await cleanup();
  }
  receiver.stop();

  const per = (r: (typeof rows)[number], k: 'workerMs' | 'fanOutMs' | 'floorMs') => r[k] / r.events;
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const worker = med(rows.map((r) => per(r, 'workerMs')));
  const floor = med(rows.map((r) => per(r, 'floorMs')));
  const table = [
    '| round | events | worker: CPU per event (ms) | of which fan-out (ms) | worker: wall for all (s) | floor: bare signed POST, CPU per event (ms) | worker ÷ floor |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.round} | ${r.events.toLocaleString('en')} | ${per(r, 'workerMs').toFixed(3)} | ${per(r, 'fanOutMs').toFixed(3)} | ${(r.wallMs / 1000).toFixed(1)} | ${per(r, 'floorMs').toFixed(3)} | ${(per(r, 'workerMs') / per(r, 'floorMs')).toFixed(1)}× |`),
  ];
  console.log(table.join('\n'));
  console.log(`median: worker ${worker.toFixed(3)} ms CPU/event, floor ${floor.toFixed(3)} (${(worker / floor).toFixed(1)}×)`);
  if (smoke) return;
  writeSection(
    'Webhook worker (issue 29 follow-up)',
    [
      `Command: \`npm run bench:webhooks${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\` · ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} · Node ${process.version} · SQLite (better-sqlite3)`,
      '',
      `Each round: a fresh SQLite file, one endpoint for every event (a receiver answering 200 in a child process), ${REQUESTS.toLocaleString('en')} customers bound and a request made by each through the domain (the outbox's triggers write ${types.join(', ')}: ${Math.round(rows[0]!.events / REQUESTS)} events a request), then the worker drains the outbox: fan-out, claim, signed POST, outcome. CPU is this process's (process.cpuUsage) over the drain. The floor, in the same round: the same bodies signed and POSTed to the same receiver, 8 at a time, no database.`,
      '',
      ...table,
      '',
      `Median: the worker ${worker.toFixed(3)} ms of CPU per event delivered, ${(worker / floor).toFixed(1)}× the bare POST's ${floor.toFixed(3)} ms.`,
    ].join('\n'),
  );
};

await main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
