import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, defaultMigrationsDir } from './migrate.ts';
import { introspectPostgres, introspectSqlite } from './introspect.ts';
import { canonical, normalizePredicate, shapeFromModels, type SchemaShape } from './schema-shape.ts';
import { createPgDatabase } from '../../test/helpers/pg.ts';

// One source of truth: prisma/models.prisma. Both providers' migrations, applied to real databases,
// must build exactly what it describes (plus the hand-written indexes Prisma cannot express).

/** Indexes written by hand in both migration sets; every one must exist in both, alike. */
const HAND_WRITTEN: Record<string, Record<string, { unique: boolean; columns: string[]; where: string }>> = {
  Binding: { Binding_one_active_per_customer: { unique: true, columns: ['customerId'], where: '"endedAt" IS NULL' } },
  Callback: { Callback_one_per_agent_slot: { unique: true, columns: ['agentId', 'at'], where: `"status" = 'booked'` } },
};

const expected = (): SchemaShape => {
  const shape = shapeFromModels(fs.readFileSync(path.resolve('prisma/models.prisma'), 'utf8'));
  for (const [table, indexes] of Object.entries(HAND_WRITTEN)) {
    for (const [name, idx] of Object.entries(indexes)) shape[table]!.indexes[name] = { ...idx, where: normalizePredicate(idx.where) };
  }
  return canonical(shape);
};

const migrationNames = (provider: 'sqlite' | 'postgres') =>
  fs.readdirSync(path.resolve('prisma', provider, 'migrations'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

describe('SQLite and PostgreSQL schemas do not drift from prisma/models.prisma', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ea-drift-'));
  let pgDb: Awaited<ReturnType<typeof createPgDatabase>>;
  beforeAll(async () => {
    pgDb = await createPgDatabase();
  });
  afterAll(async () => {
    await pgDb?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('every SQLite migration has a PostgreSQL twin of the same name (npm run db:port-migrations)', () => {
    expect(migrationNames('postgres')).toEqual(migrationNames('sqlite'));
  });

  it('the migrated SQLite database is what the models say', async () => {
    const url = `file:${path.join(dir, 'drift.db')}`;
    await applyMigrations({ url });
    expect(canonical(await introspectSqlite(url))).toEqual(expected());
  });

  it('the migrated PostgreSQL database is what the models say', async () => {
    await applyMigrations({ url: pgDb.url });
    expect(canonical(await introspectPostgres(pgDb.url))).toEqual(expected());
  });

  it('notices a migration that adds what the models do not have (the comparison can fail)', async () => {
    const migrations = path.join(dir, 'pg-migrations');
    fs.cpSync(defaultMigrationsDir(pgDb.url), migrations, { recursive: true });
    fs.mkdirSync(path.join(migrations, '99990101000000_stray'));
    fs.writeFileSync(path.join(migrations, '99990101000000_stray', 'migration.sql'), 'CREATE INDEX "Agent_name_idx" ON "Agent"("name");\n');
    const other = await createPgDatabase();
    try {
      await applyMigrations({ url: other.url, dir: migrations });
      const built = canonical(await introspectPostgres(other.url));
      expect(built).not.toEqual(expected());
      expect(built.Agent!.indexes.Agent_name_idx).toEqual({ unique: false, columns: ['name'], where: null });
    } finally {
      await other.drop();
    }
  });
});
