import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { makeAgent } from '../../test/helpers/db.ts';
import type { Db } from './client.ts';
import { PrismaClient } from './generated/sqlite/client.ts';
import { applyMigrations } from './migrate.ts';
import { cachePreparedStatements, sqliteAdapter } from './sqlite-adapter.ts';

const dirs: string[] = [];
const fresh = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ea-adapter-'));
  dirs.push(dir);
  const url = `file:${path.join(dir, 'app.db')}`;
  await applyMigrations({ url });
  return url;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const synchronous = async (db: Db) => Number((await db.$queryRawUnsafe<{ synchronous: bigint | number }[]>('PRAGMA synchronous'))[0]!.synchronous);

/** A transaction that writes, waits while other requests run, then fails. */
const failingTransaction = (db: Db, agentId: string, started: () => void) =>
  db
    .$transaction(async (tx) => {
      await tx.agent.update({ where: { id: agentId }, data: { bio: 'written inside, rolled back' } });
      started();
      await new Promise((r) => setTimeout(r, 50));
      throw new Error('business rule failed');
    })
    .catch(() => 'rolled back');

describe('the SQLite adapter the app uses', () => {
  it('keeps synchronous=NORMAL on its connection after transactions (no fsync per commit)', async () => {
    const db = new PrismaClient({ adapter: sqliteAdapter(await fresh()) }) as unknown as Db;
    expect(await synchronous(db)).toBe(1);
    await db.$transaction([db.agent.count(), db.agent.count()]);
    await db.$transaction(async (tx) => tx.agent.count());
    expect(await synchronous(db)).toBe(1);
    await db.$disconnect();
  });

  it('never lets a statement outside a transaction run inside another request\'s open transaction', async () => {
    const db = new PrismaClient({ adapter: sqliteAdapter(await fresh()) }) as unknown as Db;
    const agent = await makeAgent(db, { capability: 50 });
    let started!: () => void;
    const inTx = new Promise<void>((r) => (started = r));
    const tx = failingTransaction(db, agent.id, started);
    await inTx;
    // Another request, answered as soon as its write returns.
    await db.agent.update({ where: { id: agent.id }, data: { capability: 77 } });
    expect(await tx).toBe('rolled back');
    const after = await db.agent.findUniqueOrThrow({ where: { id: agent.id } });
    expect(after.capability).toBe(77);
    expect(after.bio).not.toBe('written inside, rolled back');
    await db.$disconnect();
  });

  it('(the hazard it guards against) Prisma\'s plain better-sqlite3 adapter rolls the outside write back', async () => {
    const url = await fresh();
    const db = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url }) }) as unknown as Db;
    const agent = await makeAgent(db, { capability: 50 });
    let started!: () => void;
    const inTx = new Promise<void>((r) => (started = r));
    const tx = failingTransaction(db, agent.id, started);
    await inTx;
    await db.agent.update({ where: { id: agent.id }, data: { capability: 77 } });
    await tx;
    expect((await db.agent.findUniqueOrThrow({ where: { id: agent.id } })).capability).toBe(50);
    await db.$disconnect();
  });
});

describe('prepared statements kept per SQL text', () => {
  const open = () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)');
    const prepared: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => (prepared.push(sql), prepare(sql))) as typeof db.prepare;
    return { db, prepared };
  };

  it('prepares a text once and binds fresh arguments on every use, the way the Prisma adapter calls it', () => {
    const { db, prepared } = open();
    cachePreparedStatements(db);
    const insert = 'INSERT INTO t (id, name) VALUES (?, ?)';
    for (let i = 1; i <= 3; i++) expect(db.prepare(insert).bind([i, `n${i}`]).run().changes).toBe(1);
    const select = 'SELECT id, name FROM t WHERE id >= ? ORDER BY id';
    const read = (from: number) => {
      const stmt = db.prepare(select).bind([from]);
      expect(stmt.reader).toBe(true);
      expect(stmt.columns().map((c) => c.name)).toEqual(['id', 'name']);
      return stmt.raw().all();
    };
    expect(read(2)).toEqual([[2, 'n2'], [3, 'n3']]);
    expect(read(3)).toEqual([[3, 'n3']]);
    db.prepare('BEGIN').run();
    db.prepare('COMMIT').run();
    expect(prepared).toEqual([insert, select, 'BEGIN', 'COMMIT']);
    // A failing statement still throws, and the text stays usable.
    expect(() => db.prepare(insert).bind([4, 'n1']).run()).toThrow(/UNIQUE/);
    expect(db.prepare(insert).bind([4, 'n4']).run().changes).toBe(1);
  });

  it('keeps at most `size` texts, dropping the least recently used', () => {
    const { db, prepared } = open();
    cachePreparedStatements(db, 2);
    const q = (n: number) => db.prepare(`SELECT ${n} AS v`).bind([]).raw().all();
    q(1); q(2); q(1); q(3); // 2 is the least recently used when 3 comes
    q(1); q(2);
    expect(prepared).toEqual(['SELECT 1 AS v', 'SELECT 2 AS v', 'SELECT 3 AS v', 'SELECT 2 AS v']);
  });
});
