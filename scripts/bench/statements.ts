// npm run bench:statements — what one statement of the hot path costs in CPU, by the way it is sent:
// Prisma's model API, Prisma's raw SQL ($queryRawUnsafe), and the driver the adapter holds (lib/db/raw.ts:
// better-sqlite3 prepared, pg named statements). SQLite and PostgreSQL, the same read (a request by id,
// every column) and the same conditional write (delivered → delivered: matches nothing, changes nothing),
// 3,000 of each in a row after a warm-up, in one process. Decides how the hot path talks to the database
// (docs/decisions.md, "The hot path on the driver").
//   --smoke   a few hundred, nothing written
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, type Db } from '../../lib/db/client.ts';
import { applyMigrations } from '../../lib/db/migrate.ts';
import { columnsOf, rawOf } from '../../lib/db/raw.ts';
import { makeAgent, makeCustomer } from '../../test/helpers/db.ts';
import { startTestServices } from '../test-services.ts';
import { writeSection } from './report.ts';

const SMOKE = process.argv.includes('--smoke');
const N = SMOKE ? 300 : 3000;

const cpuPer = async (fn: () => Promise<unknown>) => {
  for (let i = 0; i < Math.min(300, N); i++) await fn();
  const start = process.cpuUsage();
  const wall = performance.now();
  for (let i = 0; i < N; i++) await fn();
  const used = process.cpuUsage(start);
  return { cpuUs: (used.user + used.system) / N, wallUs: ((performance.now() - wall) * 1000) / N };
};

const measure = async (db: Db) => {
  const agent = await makeAgent(db, { capability: 90 });
  const customer = await makeCustomer(db);
  const r = await db.serviceRequest.create({ data: { customerId: customer.id, agentId: agent.id, message: 'hello', idempotencyKey: 'bench-1', status: 'delivered' } });
  const raw = await rawOf(db);
  const readSql = `SELECT ${columnsOf(db, 'ServiceRequest', 't')} FROM "ServiceRequest" t WHERE t."id" = $1`;
  const writeSql = `UPDATE "ServiceRequest" SET "status" = 'delivered', "updatedAt" = $1 WHERE "id" = $2 AND "agentId" = $3 AND "status" = 'pending' RETURNING "customerId"`;
  const unsafe = (sql: string, ...p: unknown[]) => db.$queryRawUnsafe(raw.dialect === 'sqlite' ? sql.replace(/\$\d+/g, '?') : sql, ...p);
  return {
    'read: Prisma findUnique': await cpuPer(() => db.serviceRequest.findUnique({ where: { id: r.id } })),
    'read: Prisma $queryRawUnsafe': await cpuPer(() => unsafe(readSql, r.id)),
    'read: driver (lib/db/raw.ts)': await cpuPer(() => raw.query(readSql, [r.id])),
    'conditional write: Prisma updateMany': await cpuPer(() => db.serviceRequest.updateMany({ where: { id: r.id, agentId: agent.id, status: 'pending' }, data: { status: 'delivered', deliveredAt: new Date() } })),
    'conditional write: Prisma $queryRawUnsafe': await cpuPer(() => unsafe(writeSql, new Date().toISOString(), r.id, agent.id)),
    'conditional write: driver (lib/db/raw.ts)': await cpuPer(() => raw.query(writeSql, [new Date(), r.id, agent.id])),
  };
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ea-bench-stmt-'));
const sqliteUrl = `file:${path.join(dir, 'app.db')}`;
await applyMigrations({ url: sqliteUrl });
const sqlite = createDb(sqliteUrl);
const lite = await measure(sqlite);
await sqlite.$disconnect();

const services = await startTestServices();
let pgRows: Awaited<ReturnType<typeof measure>>;
try {
  await applyMigrations({ url: services.pgUrl });
  const pgDb = createDb(services.pgUrl);
  pgRows = await measure(pgDb);
  await pgDb.$disconnect();
} finally {
  services.stop();
}
fs.rmSync(dir, { recursive: true, force: true });

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const rows = Object.keys(lite).map((k) => {
  const a = lite[k as keyof typeof lite];
  const b = pgRows[k as keyof typeof pgRows];
  return `| ${k} | ${fmt(a.cpuUs)} | ${fmt(a.wallUs)} | ${fmt(b.cpuUs)} | ${fmt(b.wallUs)} |`;
});
const body = [
  `Command: \`npm run bench:statements\` · ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${os.cpus().length} × ${os.cpus()[0]?.model.split(' ').slice(0, 2).join(' ')} · Node ${process.version} · load average ${os.loadavg()[0]!.toFixed(1)}`,
  '',
  `${N} of each in a row, one process, after a warm-up; CPU of this process per statement (µs). PostgreSQL's own CPU is not in these figures (a separate process).`,
  '',
  '| statement | SQLite CPU µs | SQLite wall µs | PostgreSQL client CPU µs | PostgreSQL wall µs |',
  '|---|---:|---:|---:|---:|',
  ...rows,
].join('\n');
console.log(body);
if (!SMOKE) writeSection('Statement cost by the way it is sent (issue 27)', body);
