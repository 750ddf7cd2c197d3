import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations, defaultMigrationsDir, MIGRATION_LOCK_KEY, pendingMigrations } from './migrate.ts';
import { createPgDatabase } from '../../test/helpers/pg.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const freshDb = async () => {
  const d = await createPgDatabase();
  cleanups.push(d.drop);
  return d.url;
};
const sql = async (url: string, text: string, args: unknown[] = []) => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, args)).rows;
  } finally {
    await c.end();
  }
};

describe('start-up migrations on PostgreSQL', () => {
  it('two instances starting together: the migrations are applied once, both start', async () => {
    const url = await freshDb();
    const all = fs.readdirSync(defaultMigrationsDir(url)).filter((n) => !n.endsWith('.toml')).sort();
    expect(await pendingMigrations({ url })).toEqual(all);
    const [a, b] = await Promise.all([applyMigrations({ url }), applyMigrations({ url })]);
    // Exactly one of them did the work; the other found it done.
    expect([a.applied, b.applied].sort((x, y) => y.length - x.length)).toEqual([all, []]);
    expect([a.alreadyApplied, b.alreadyApplied].sort((x, y) => y.length - x.length)).toEqual([all, []]);
    const rows = await sql(url, 'SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name');
    expect(rows.map((r) => r.migration_name)).toEqual(all);
    expect(await pendingMigrations({ url })).toEqual([]);
  });

  it('waits while another instance holds the migration lock, then finds its work done', async () => {
    const url = await freshDb();
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    let waited = false;
    let finished = false;
    const run = applyMigrations({ url, onWait: () => (waited = true) }).then((r) => ((finished = true), r));
    await new Promise((r) => setTimeout(r, 300));
    expect(waited).toBe(true);
    expect(finished).toBe(false);
    await holder.end(); // a crashed instance: its connection goes, and the lock with it
    const result = await run;
    expect(result.applied.length).toBeGreaterThan(0);
  });

  it('a failing migration leaves nothing half-applied and is not recorded; an edited one is refused', async () => {
    const url = await freshDb();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ea-pgmig-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    fs.mkdirSync(path.join(dir, '001_a'));
    fs.writeFileSync(path.join(dir, '001_a', 'migration.sql'), 'CREATE TABLE "T" ("id" INTEGER);\n');
    fs.mkdirSync(path.join(dir, '002_bad'));
    fs.writeFileSync(path.join(dir, '002_bad', 'migration.sql'), 'CREATE TABLE "U" ("id" INTEGER);\nCREATE TABLE "U" ("id" INTEGER);\n');
    await expect(applyMigrations({ url, dir })).rejects.toThrow(/already exists/);
    expect(await sql(url, `SELECT to_regclass('"U"') IS NULL AS gone`)).toEqual([{ gone: true }]);
    expect((await sql(url, 'SELECT migration_name FROM "_prisma_migrations"')).map((r) => r.migration_name)).toEqual(['001_a']);
    // The lock was released despite the failure: the next run is not blocked.
    fs.rmSync(path.join(dir, '002_bad'), { recursive: true });
    fs.writeFileSync(path.join(dir, '001_a', 'migration.sql'), 'CREATE TABLE "T" ("id" TEXT);\n');
    await expect(applyMigrations({ url, dir })).rejects.toThrow(/changed after it was applied/);
  });
});
