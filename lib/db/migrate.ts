import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { ensureSqliteDir } from './client.ts';

/**
 * Applies the committed migrations (Prisma's folder layout) at start-up, recording them in a
 * `_prisma_migrations` table of the same shape Prisma uses. Prisma's native schema engine cannot
 * be downloaded on our machines, so production must not depend on it (docs/decisions.md).
 */

export type MigrationResult = { applied: string[]; alreadyApplied: string[] };

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export const defaultMigrationsDir = (url: string): string =>
  path.resolve('prisma', url.startsWith('postgres') ? 'postgres' : 'sqlite', 'migrations');

/** Splits a migration file into statements: comment lines dropped, `;` at a line end separates. */
export const splitStatements = (sql: string): string[] =>
  sql
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter(Boolean);

export const listMigrations = (dir: string): { name: string; sql: string; checksum: string }[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
    });

const applyWith = async (client: Client, dir: string): Promise<MigrationResult> => {
  await client.execute('PRAGMA journal_mode = WAL');
  await client.execute('PRAGMA busy_timeout = 10000');
  await client.execute(MIGRATIONS_TABLE);
  const rows = await client.execute(
    'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  const done = new Map(rows.rows.map((r) => [String(r.migration_name), String(r.checksum)]));
  const result: MigrationResult = { applied: [], alreadyApplied: [] };

  for (const m of listMigrations(dir)) {
    const known = done.get(m.name);
    if (known !== undefined) {
      if (known !== m.checksum) {
        throw new Error(`Migration ${m.name} was changed after it was applied (checksum differs). Add a new migration instead.`);
      }
      result.alreadyApplied.push(m.name);
      continue;
    }
    const statements = splitStatements(m.sql);
    // One write transaction per migration: a crash leaves it either fully applied and recorded, or not at all.
    await client.batch(
      [
        ...statements,
        {
          sql: `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
                VALUES (?, ?, current_timestamp, ?, current_timestamp, 1)`,
          args: [crypto.randomUUID(), m.checksum, m.name],
        },
      ],
      'write',
    );
    result.applied.push(m.name);
  }
  return result;
};

export const applyMigrations = async (opts: { url: string; dir?: string }): Promise<MigrationResult> => {
  if (opts.url.startsWith('postgres')) throw new Error('PostgreSQL migrations are not wired yet.');
  ensureSqliteDir(opts.url);
  const client = createClient({ url: opts.url, timeout: 10_000 });
  try {
    return await applyWith(client, opts.dir ?? defaultMigrationsDir(opts.url));
  } finally {
    client.close();
  }
};
