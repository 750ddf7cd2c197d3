import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, makeAgent } from '../../test/helpers/db.ts';
import { createDb, type Db } from './client.ts';
import { rawOf } from './raw.ts';
import { createSqliteReaders, isReaderFailure } from './sqlite-readers.ts';

const cleanups: (() => Promise<void>)[] = [];
const fresh = async () => {
  const t = await createTestDb();
  cleanups.push(t.cleanup);
  return { db: t.db, file: path.join(t.dir, 'test.db') };
};
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

/** Some hundreds of milliseconds of SQLite work in one statement: a sum over a generated series. */
const SLOW = 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) SELECT SUM(i) AS "s" FROM n';
const COUNT_AGENTS = 'SELECT COUNT(*) AS "n" FROM "Agent"';
const addAgent = (db: Db, i: number) => makeAgent(db, { capability: 50, handle: `a${i}`, connected: false });

/** Counts turns of the event loop until `work` settles. */
const turnsWhile = async <T>(work: Promise<T>) => {
  let turns = 0;
  let done = false;
  const spin = () => {
    if (done) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  const out = await work.finally(() => (done = true));
  return { out, turns };
};

describe('report reads on SQLite (raw.readBatch)', () => {
  it('run off the server thread: the event loop keeps turning while a long statement runs', async () => {
    const { db } = await fresh();
    const raw = await rawOf(db);
    const { out, turns } = await turnsWhile(raw.readBatch([{ sql: SLOW }]));
    expect(Number(out[0]![0]!.s)).toBe((3_000_000 * 3_000_001) / 2);
    // The same statement on the server's connection blocks the thread: the loop turns a few times at most.
    const blocked = await turnsWhile(raw.query(SLOW));
    expect(blocked.turns).toBeLessThan(5);
    expect(turns).toBeGreaterThan(20 * Math.max(1, blocked.turns));
  });

  it('see one snapshot per batch: a row written meanwhile on the server connection is in neither count, then in the next batch', async () => {
    const { db } = await fresh();
    const raw = await rawOf(db);
    await addAgent(db, 1);
    await raw.readBatch([{ sql: 'SELECT 1' }]); // the reader thread started: the batch below begins at once
    let written = false;
    let writtenFirst = false;
    const batch = raw.readBatch([{ sql: COUNT_AGENTS }, { sql: SLOW }, { sql: COUNT_AGENTS }]).finally(() => (writtenFirst = written));
    // Written while the batch's long statement runs (the server thread is free to do it).
    const write = (async () => {
      await new Promise((r) => setTimeout(r, 100));
      await addAgent(db, 2);
      written = true;
    })();
    const [before, , after] = await batch;
    await write;
    // The write landed while the batch still ran: otherwise this test would show nothing.
    expect(writtenFirst).toBe(true);
    expect(Number(before![0]!.n)).toBe(1);
    expect(Number(after![0]!.n)).toBe(1);
    const [[now]] = (await raw.readBatch([{ sql: COUNT_AGENTS }])) as [[{ n: number }]];
    expect(Number(now.n)).toBe(2);
  });

  it('take parameters as the other statements do ($n, dates), and two batches run at once', async () => {
    const { db } = await fresh();
    const raw = await rawOf(db);
    await addAgent(db, 1);
    const since = new Date(Date.now() - 60_000);
    const [a, b] = await Promise.all([
      raw.readBatch([{ sql: 'SELECT COUNT(*) AS "n" FROM "Agent" WHERE "createdAt" >= $1 AND "handle" = $2', params: [since, 'a1'] }]),
      raw.readBatch([{ sql: 'SELECT COUNT(*) AS "n" FROM "Agent" WHERE "handle" = $2 AND "createdAt" < $1', params: [since, 'a1'] }]),
    ]);
    expect(Number(a[0]![0]!.n)).toBe(1);
    expect(Number(b[0]![0]!.n)).toBe(0);
  });

  it('refuse what SQLite refuses, with its message (not run again elsewhere), and refuse writes', async () => {
    const { db } = await fresh();
    const raw = await rawOf(db);
    await expect(raw.readBatch([{ sql: 'SELECT "nope" FROM "Agent" WHERE nope = 1' }])).rejects.toThrow(/no such column/);
    await expect(raw.readBatch([{ sql: `DELETE FROM "Agent"` }])).rejects.toThrow(/not a read|readonly/i);
  });

  it('when the reader thread cannot start, say so as a reader failure and stop offering it', async () => {
    const { file } = await fresh();
    const readers = createSqliteReaders(file, { driver: path.join(os.tmpdir(), 'no-such-driver.js') });
    expect(readers.available()).toBe(true);
    const err = await readers.read([{ sql: 'SELECT 1', params: [] }]).catch((e: unknown) => e);
    expect(isReaderFailure(err)).toBe(true);
    expect(readers.available()).toBe(false);
    await readers.close();
  });

  it('an in-memory database has no file to share: its batches stay on the main connection', async () => {
    expect(createSqliteReaders(':memory:').available()).toBe(false);
    const db = createDb('file::memory:');
    cleanups.push(() => db.$disconnect());
    const raw = await rawOf(db);
    expect(await raw.readBatch([{ sql: 'SELECT 41 + $1 AS "x"', params: [1] }])).toEqual([[{ x: 42 }]]);
  });
});
