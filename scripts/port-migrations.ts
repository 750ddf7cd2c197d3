// Keeps prisma/postgres/migrations in step with prisma/sqlite/migrations (same folder names).
//   npm run db:port-migrations           derive every missing PostgreSQL twin (review it, then commit)
//   npm run db:port-migrations -- --check   only report; exit 1 if a twin is missing or orphaned
// Whether the two schemas then mean the same is proved by lib/db/schema-drift.pg.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import { NeedsHandPortError, portSqliteToPostgres } from '../lib/db/port-sql.ts';

const root = path.resolve(import.meta.dirname, '..');
const dirOf = (p: 'sqlite' | 'postgres') => path.join(root, 'prisma', p, 'migrations');
const names = (p: 'sqlite' | 'postgres') =>
  fs
    .readdirSync(dirOf(p), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

const check = process.argv.includes('--check');
const sqlite = names('sqlite');
const postgres = new Set(names('postgres'));
const orphans = [...postgres].filter((n) => !sqlite.includes(n));
let failed = orphans.length > 0;
for (const n of orphans) console.error(`✗ ${n}: in prisma/postgres but not in prisma/sqlite (remove it or add its SQLite twin)`);

for (const name of sqlite.filter((n) => !postgres.has(n))) {
  if (check) {
    console.error(`✗ ${name}: no PostgreSQL twin (run npm run db:port-migrations)`);
    failed = true;
    continue;
  }
  const source = fs.readFileSync(path.join(dirOf('sqlite'), name, 'migration.sql'), 'utf8');
  try {
    const ported = portSqliteToPostgres(source);
    fs.mkdirSync(path.join(dirOf('postgres'), name));
    fs.writeFileSync(
      path.join(dirOf('postgres'), name, 'migration.sql'),
      `-- PostgreSQL twin of prisma/sqlite/migrations/${name}, derived by scripts/port-migrations.ts and reviewed.\n${ported}`,
    );
    console.info(`✓ ${name}: derived; review it, then run the drift test (npx vitest run --project postgres lib/db)`);
  } catch (err) {
    if (!(err instanceof NeedsHandPortError)) throw err;
    console.error(`✗ ${name}: ${err.message}`);
    failed = true;
  }
}
if (!failed) console.info(`${sqlite.length} migration(s) have a PostgreSQL twin.`);
process.exit(failed ? 1 : 0);
