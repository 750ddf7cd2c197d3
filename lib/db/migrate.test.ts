import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '@libsql/client';
import { applyMigrations, defaultMigrationsDir, splitStatements } from './migrate.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ea-mig-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('start-up migrations', () => {
  it('builds a fresh database from the committed migrations, then does nothing the second time', async () => {
    const url = `file:${path.join(tmp(), 'nested', 'app.db')}`;
    const first = await applyMigrations({ url });
    expect(first.applied).toEqual(fs.readdirSync(defaultMigrationsDir(url)).filter((n) => !n.endsWith('.toml')).sort());
    const second = await applyMigrations({ url });
    expect(second).toEqual({ applied: [], alreadyApplied: first.applied });
    const client = createClient({ url });
    const tables = await client.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name");
    expect(tables.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining(['Agent', 'AgentCredential', 'Binding', 'Customer', 'MatchSession', 'ServiceRequest', '_prisma_migrations']),
    );
    client.close();
  });

  it('refuses to run when an applied migration was edited afterwards', async () => {
    const root = tmp();
    const migrations = path.join(root, 'migrations');
    fs.mkdirSync(path.join(migrations, '001_a'), { recursive: true });
    fs.writeFileSync(path.join(migrations, '001_a', 'migration.sql'), 'CREATE TABLE "T" ("id" INTEGER);\n');
    const url = `file:${path.join(root, 'db.sqlite')}`;
    await applyMigrations({ url, dir: migrations });
    fs.writeFileSync(path.join(migrations, '001_a', 'migration.sql'), 'CREATE TABLE "T" ("id" TEXT);\n');
    await expect(applyMigrations({ url, dir: migrations })).rejects.toThrow(/changed after it was applied/);
  });

  it('a failing migration leaves nothing half-applied and is not recorded', async () => {
    const root = tmp();
    const migrations = path.join(root, 'migrations');
    fs.mkdirSync(path.join(migrations, '001_bad'), { recursive: true });
    fs.writeFileSync(path.join(migrations, '001_bad', 'migration.sql'), 'CREATE TABLE "A" ("id" INTEGER);\nCREATE TABLE "A" ("id" INTEGER);\n');
    const url = `file:${path.join(root, 'db.sqlite')}`;
    await expect(applyMigrations({ url, dir: migrations })).rejects.toThrow();
    const client = createClient({ url });
    const tables = await client.execute("SELECT name FROM sqlite_master WHERE type='table' AND name='A'");
    const recorded = await client.execute('SELECT COUNT(*) AS n FROM "_prisma_migrations"');
    client.close();
    expect(tables.rows).toHaveLength(0);
    expect(Number(recorded.rows[0]!.n)).toBe(0);
  });

  it('splits statements and drops comment lines', () => {
    expect(splitStatements('-- hi\nCREATE TABLE a (x);\n\n-- two\nCREATE INDEX i ON a(x);\n')).toEqual(['CREATE TABLE a (x)', 'CREATE INDEX i ON a(x)']);
  });
});
