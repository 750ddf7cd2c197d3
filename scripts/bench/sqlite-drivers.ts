// npm run bench:drivers — the request hot path (create → delivered → acknowledged → resolved, through
// the domain functions) on the two Prisma SQLite drivers, with and without an fsync per commit, in
// one run on fresh databases built by the migrations. Decides which driver the app keeps.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PrismaClient } from '../../lib/db/generated/sqlite/client.ts';
import { applyMigrations } from '../../lib/db/migrate.ts';
import type { Db } from '../../lib/db/client.ts';
import { sqliteAdapter, type SqliteDriver } from '../../lib/db/sqlite-adapter.ts';
import { makeAgent, makeCustomer } from '../../test/helpers/db.ts';
import { bindAgent } from '../../lib/binding/bind-agent.ts';
import { createServiceRequest } from '../../lib/requests/create-request.ts';
import { acknowledgeRequest, markDelivered } from '../../lib/requests/acknowledge-request.ts';
import { resolveRequest } from '../../lib/requests/work-request.ts';
import { silentNotifier } from '../../lib/events/dispatcher.ts';
import { percentile, writeSection } from './report.ts';

const RUNS = process.argv.includes('--smoke') ? 30 : 400;

/** The adapters as the app builds them (lib/db/sqlite-adapter.ts): better-sqlite3 is the app's. */
const open = (driver: SqliteDriver, file: string): Db => new PrismaClient({ adapter: sqliteAdapter(`file:${file}`, driver) }) as unknown as Db;

/** What the connection the next statement runs on says after a transaction (libsql opens a new one). */
const synchronousAfterTransaction = async (db: Db) => {
  await db.$transaction([db.agent.count(), db.agent.count()]);
  const [row] = await db.$queryRawUnsafe<{ synchronous: number | bigint }[]>('PRAGMA synchronous');
  return ['OFF', 'NORMAL', 'FULL', 'EXTRA'][Number(row!.synchronous)];
};

const measure = async (driver: 'libsql' | 'better-sqlite3', synchronous: 'FULL' | 'NORMAL') => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ea-bench-drivers-'));
  const file = path.join(dir, 'app.db');
  await applyMigrations({ url: `file:${file}` });
  const db = open(driver, file);
  await db.$queryRawUnsafe(`PRAGMA synchronous = ${synchronous}`);
  const afterTx = await synchronousAfterTransaction(db);
  const agent = await makeAgent(db, { capability: 90 });
  await db.agent.update({ where: { id: agent.id }, data: { maxOpenRequests: 100_000 } });
  const customer = await makeCustomer(db);
  await db.$transaction((tx) => bindAgent({ tx, customerId: customer.id, agentId: agent.id }));
  const times: number[] = [];
  const begin = performance.now();
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const { request } = await createServiceRequest({ db, notify: silentNotifier, customerId: customer.id, idempotencyKey: `drivers-${i}`, input: { message: `m${i}` } });
    await markDelivered({ db, notify: silentNotifier, agentId: agent.id, id: request.id, customerId: customer.id });
    await acknowledgeRequest({ db, notify: silentNotifier, agentId: agent.id, input: { id: request.id } });
    await resolveRequest({ db, notify: silentNotifier, agentId: agent.id, input: { id: request.id } });
    times.push(performance.now() - t0);
  }
  const perSecond = RUNS / ((performance.now() - begin) / 1000);
  await db.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
  times.sort((a, b) => a - b);
  return { driver, synchronous, afterTx, p50: percentile(times, 50), p99: percentile(times, 99), perSecond };
};

// --only=better-sqlite3:NORMAL measures one row and writes nothing (for profiling)
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const rows = [];
for (const synchronous of ['FULL', 'NORMAL'] as const) {
  for (const driver of ['libsql', 'better-sqlite3'] as const) {
    if (only && only !== `${driver}:${synchronous}`) continue;
    const r = await measure(driver, synchronous);
    console.log(JSON.stringify(r));
    rows.push(r);
  }
}
const lines = [
  `Command: \`npm run bench:drivers\` · ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} · Node ${process.version} · load average ${os.loadavg()[0]!.toFixed(1)}`,
  '',
  `Each adapter as lib/db/sqlite-adapter.ts builds it. One request's whole life through the domain functions (create and route → delivered → acknowledged → resolved: the writes and reads the server makes for it), ${RUNS} in a row, WAL mode, on a fresh database per row.`,
  '',
  '| driver | synchronous set | in effect after a transaction | p50 ms | p99 ms | requests/s |',
  '|---|---|---|---:|---:|---:|',
  ...rows.map((r) => `| ${r.driver} | ${r.synchronous} | ${r.afterTx} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.perSecond.toFixed(0)} |`),
];
if (!process.argv.includes('--smoke') && !only) writeSection('SQLite drivers', lines.join('\n'));
else console.log(lines.join('\n'));
process.exit(0);
