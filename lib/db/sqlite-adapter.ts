import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaLibSql } from '@prisma/adapter-libsql';
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from '@prisma/driver-adapter-utils';
import { Mutex } from 'async-mutex';
import type BetterSqlite3 from 'better-sqlite3';

export type SqliteDriver = 'better-sqlite3' | 'libsql';

/** How long a statement waits for another process's write lock (CLI jobs, a second tool) before failing. */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * One connection, one statement or transaction at a time.
 *
 * better-sqlite3 keeps a single connection, so what is set on it (synchronous=NORMAL, busy_timeout)
 * stays set, and statements need no connection of their own. But its Prisma adapter only queues
 * transactions: a statement issued outside a transaction while another request's interactive
 * transaction awaits would run *inside* it — see its uncommitted rows, and be rolled back with it
 * (an answered 201 silently undone). Here every statement outside a transaction waits for the open
 * transaction to end, as the libsql adapter does. On one SQLite file writes are serial anyway.
 *
 * libsql, by contrast, opens a new connection after every transaction (@libsql/client's
 * `transaction()` hands its connection away), which loses the PRAGMAs and pays a connection open and
 * a schema parse per transaction: measured in `npm run bench:drivers` (docs/decisions.md).
 */
/** `target` with some methods replaced; every other member read from (and called on) `target` itself. */
const overlay = <T extends object>(target: T, replaced: Partial<T>): T =>
  new Proxy(target, {
    get: (t, prop) => {
      if (Object.hasOwn(replaced, prop)) return replaced[prop as keyof T];
      const value = Reflect.get(t, prop, t);
      return typeof value === 'function' ? value.bind(t) : value;
    },
  });

export const serialized = (inner: SqlDriverAdapter, lock: Mutex = new Mutex()): SqlDriverAdapter => {
  const guarded = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => (...args: A) => lock.runExclusive(() => fn(...args));
  const startTransaction = async (...args: Parameters<SqlDriverAdapter['startTransaction']>): Promise<Transaction> => {
    const release = await lock.acquire();
    let tx: Transaction;
    try {
      tx = await inner.startTransaction(...args);
    } catch (err) {
      release();
      throw err;
    }
    let open = true;
    const end = (fn: () => Promise<void>) => async () => {
      try {
        await fn();
      } finally {
        if (open) {
          open = false;
          release();
        }
      }
    };
    return overlay(tx, { commit: end(() => tx.commit()), rollback: end(() => tx.rollback()) });
  };
  return overlay(inner, {
    queryRaw: guarded(inner.queryRaw.bind(inner)),
    executeRaw: guarded(inner.executeRaw.bind(inner)),
    executeScript: guarded(inner.executeScript.bind(inner)),
    startTransaction,
  });
};

/**
 * The Prisma driver adapter of a SQLite file (`file:…` URL).
 *
 * synchronous=NORMAL: in WAL mode a commit then needs no fsync (measured here: an insert costs 7.7 ms
 * with FULL and 0.28 ms with NORMAL, and the hot path commits several times per request). A committed
 * transaction survives a crash of the process (the crash tests SIGKILL the server); only an OS crash
 * or power loss can undo the last commits — production runs PostgreSQL (docs/decisions.md).
 */
/** Statements kept prepared at most; Prisma's SQL has one text per query shape, so a few hundred cover the app. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Prepares each SQL text once on this connection. Prisma's better-sqlite3 adapter calls
 * `prepare(sql).bind(args)` for every statement: SQLite parses and plans the same text again each time
 * (≈ 8 % of the server's CPU under bench:alerts). better-sqlite3 binds a statement only once, so the
 * cached statement is handed out behind a small object that passes the arguments on each call instead.
 */
export const cachePreparedStatements = (db: BetterSqlite3.Database, size = STATEMENT_CACHE_SIZE): void => {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, BetterSqlite3.Statement>();
  const statement = (sql: string) => {
    let stmt = cache.get(sql);
    if (stmt) {
      // Least recently used first out: move to the end.
      cache.delete(sql);
    } else {
      stmt = prepare(sql);
      if (cache.size >= size) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, stmt);
    return stmt;
  };
  const bound = (stmt: BetterSqlite3.Statement, args: unknown[]) => ({
    reader: stmt.reader,
    columns: () => stmt.columns(),
    raw: () => ({ all: () => stmt.raw(true).all(...args) }),
    run: () => stmt.run(...args),
  });
  db.prepare = ((sql: string) => {
    const stmt = statement(sql);
    return { reader: stmt.reader, bind: (...args: unknown[]) => bound(stmt, args.length === 1 && Array.isArray(args[0]) ? args[0] : args), run: (...args: unknown[]) => stmt.run(...args) };
  }) as unknown as typeof db.prepare;
};

/** The Prisma driver adapter of a SQLite file (`file:…` URL). better-sqlite3 is the app's; libsql is kept for the comparison. */
export const sqliteAdapter = (
  url: string,
  driver: SqliteDriver = 'better-sqlite3',
  /** told the connection and its lock once connected: the hot path's raw statements share both (lib/db/raw.ts) */
  onConnect?: (connection: { client: BetterSqlite3.Database; lock: Mutex }) => void,
): SqlDriverAdapterFactory => {
  if (driver === 'libsql') return new PrismaLibSql({ url, timeout: BUSY_TIMEOUT_MS });
  const factory = new PrismaBetterSqlite3({ url, timeout: BUSY_TIMEOUT_MS });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect();
      const client = (adapter as unknown as { client: BetterSqlite3.Database }).client;
      cachePreparedStatements(client);
      // WAL (switched on by the migrations) without an fsync per commit; kept by the one connection.
      await adapter.executeScript('PRAGMA synchronous = NORMAL');
      const lock = new Mutex();
      onConnect?.({ client, lock });
      return serialized(adapter, lock);
    },
  };
};
