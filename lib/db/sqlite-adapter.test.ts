import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { makeAgent } from '../../test/helpers/db.ts';
import type { Db } from './client.ts';
import { PrismaClient } from './generated/sqlite/client.ts';
import { applyMigrations } from './migrate.ts';
import { sqliteAdapter } from './sqlite-adapter.ts';

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
