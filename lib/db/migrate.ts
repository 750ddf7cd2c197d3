import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { ensureSqliteDir, providerOf } from './client.ts';

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

export const defaultMigrationsDir = (url: string): string => path.resolve('prisma', providerOf(url), 'migrations');

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

/**
 * SQLite through better-sqlite3, the library the app's Prisma adapter uses: two copies of SQLite in
 * one process must not open the same file (POSIX locks are per process; one copy closing its file
 * drops the other's locks — sqlite.org/howtocorrupt.html, 2.2.1).
 */
const openSqlite = (url: string) => new Database(url.replace(/^file:/, ''), { timeout: 10_000 });

const applyWith = (db: Database.Database, dir: string): MigrationResult => {
  db.pragma('journal_mode = WAL');
  db.exec(MIGRATIONS_TABLE);
  const recorded = db.prepare('SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL');
  const record = db.prepare(
    `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
     VALUES (?, ?, current_timestamp, ?, current_timestamp, 1)`,
  );
  const result: MigrationResult = { applied: [], alreadyApplied: [] };
  for (const m of listMigrations(dir)) {
    // One write transaction per migration (BEGIN IMMEDIATE: a second process waits for the first and
    // then finds it recorded): a crash leaves it either fully applied and recorded, or not at all.
    const applied = db
      .transaction(() => {
        const done = new Map((recorded.all() as { migration_name: string; checksum: string }[]).map((r) => [r.migration_name, r.checksum]));
        const known = done.get(m.name);
        if (known !== undefined) {
          checkUnchanged(m, known);
          return false;
        }
        for (const statement of splitStatements(m.sql)) db.exec(statement);
        record.run(crypto.randomUUID(), m.checksum, m.name);
        return true;
      })
      .immediate();
    (applied ? result.applied : result.alreadyApplied).push(m.name);
  }
  return result;
};

const checkUnchanged = (m: { name: string; checksum: string }, known: string) => {
  if (known !== m.checksum) {
    throw new Error(`Migration ${m.name} was changed after it was applied (checksum differs). Add a new migration instead.`);
  }
};

const PG_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** Key of the session advisory lock every instance takes while it migrates (any fixed bigint). */
export const MIGRATION_LOCK_KEY = 72_707_001;

const appliedPg = async (client: pg.Client): Promise<Map<string, string>> => {
  const rows = await client.query<{ migration_name: string; checksum: string }>(
    'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  return new Map(rows.rows.map((r) => [r.migration_name, r.checksum]));
};

/**
 * PostgreSQL: instances starting together queue on one advisory lock; the first applies what is
 * missing, the others then find it recorded. DDL is transactional here, so each migration and its
 * record commit together. The lock belongs to this connection: it is released when we unlock or
 * when the connection dies (a crashed instance never leaves it held).
 */
const applyPg = async (url: string, dir: string, onWait?: () => void): Promise<MigrationResult> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const got = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [MIGRATION_LOCK_KEY]);
    if (!got.rows[0]!.ok) {
      onWait?.();
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    }
    try {
      await client.query(PG_MIGRATIONS_TABLE);
      const done = await appliedPg(client);
      const result: MigrationResult = { applied: [], alreadyApplied: [] };
      for (const m of listMigrations(dir)) {
        const known = done.get(m.name);
        if (known !== undefined) {
          checkUnchanged(m, known);
          result.alreadyApplied.push(m.name);
          continue;
        }
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
             VALUES ($1, $2, now(), $3, now(), 1)`,
            [crypto.randomUUID(), m.checksum, m.name],
          );
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
        result.applied.push(m.name);
      }
      return result;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
};

/** Names of committed migrations not (or not successfully) applied: /api/ready reports them. */
export const pendingMigrations = async (opts: { url: string; dir?: string }): Promise<string[]> => {
  const dir = opts.dir ?? defaultMigrationsDir(opts.url);
  const wanted = listMigrations(dir).map((m) => m.name);
  let done: Set<string>;
  if (providerOf(opts.url) === 'postgres') {
    const client = new pg.Client({ connectionString: opts.url });
    await client.connect();
    try {
      const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS ok`);
      done = exists.rows[0].ok ? new Set((await appliedPg(client)).keys()) : new Set();
    } finally {
      await client.end();
    }
  } else {
    const db = openSqlite(opts.url);
    try {
      const exists = db.prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name='_prisma_migrations'`).get();
      const rows = exists
        ? (db.prepare('SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL').all() as { migration_name: string }[])
        : [];
      done = new Set(rows.map((r) => r.migration_name));
    } finally {
      db.close();
    }
  }
  return wanted.filter((n) => !done.has(n));
};

export const applyMigrations = async (opts: { url: string; dir?: string; onWait?: () => void }): Promise<MigrationResult> => {
  if (providerOf(opts.url) === 'postgres') return applyPg(opts.url, opts.dir ?? defaultMigrationsDir(opts.url), opts.onWait);
  ensureSqliteDir(opts.url);
  const db = openSqlite(opts.url);
  try {
    return applyWith(db, opts.dir ?? defaultMigrationsDir(opts.url));
  } finally {
    db.close();
  }
};
