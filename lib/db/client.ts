import fs from 'node:fs';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from './generated/sqlite/client.ts';
import { PrismaClient as PgPrismaClient } from './generated/postgres/client.ts';
import { sqliteAdapter } from './sqlite-adapter.ts';
import { registerRawConnection, type SqliteConnection } from './raw.ts';

/**
 * The domain's database handle. Both generated clients come from the same prisma/models.prisma, so
 * their model APIs are the same; the SQLite client's type stands for both (docs/decisions.md).
 */
export type Db = PrismaClient;

export type DbProvider = 'sqlite' | 'postgres';

const DEFAULT_URL = 'file:./data/app.db';

export const getDatabaseUrl = (): string => process.env.DATABASE_URL ?? DEFAULT_URL;

/** `postgres://` and `postgresql://` select PostgreSQL; anything else is a SQLite file. */
export const providerOf = (url: string): DbProvider => (/^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite');

/** Makes sure the folder of a SQLite file exists, so a fresh clone needs no setup. */
export const ensureSqliteDir = (url: string): void => {
  if (!url.startsWith('file:')) return;
  const file = url.slice('file:'.length);
  if (file === ':memory:') return;
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
};

export const createDb = (url: string = getDatabaseUrl(), opts: { wrapAdapter?: (f: SqlDriverAdapterFactory) => SqlDriverAdapterFactory } = {}): Db => {
  const wrap = opts.wrapAdapter ?? ((f) => f);
  if (providerOf(url) === 'postgres') {
    // Pool size per instance: N instances × this must stay under PostgreSQL's max_connections.
    const max = Number(process.env.DATABASE_POOL_MAX ?? 10);
    // One pool for Prisma and the hot path's prepared statements (lib/db/raw.ts); Prisma ends it on $disconnect.
    const pool = new pg.Pool({ connectionString: url, max });
    const adapter = new PrismaPg(pool, { disposeExternalPool: true });
    const db = new PgPrismaClient({ adapter: wrap(adapter) as PrismaPg }) as unknown as Db;
    registerRawConnection(db, async () => ({ dialect: 'postgres', pool }));
    return db;
  }
  ensureSqliteDir(url);
  // One better-sqlite3 connection, statements serialised (lib/db/sqlite-adapter.ts); several processes
  // may share the file (server, CLI, tests): a busy timeout waits for a lock instead of failing at once.
  let connected: (c: SqliteConnection) => void = () => {};
  const connection = new Promise<SqliteConnection>((resolve) => (connected = resolve));
  const db = new PrismaClient({ adapter: wrap(sqliteAdapter(url, 'better-sqlite3', (c) => connected({ dialect: 'sqlite', ...c }))) });
  registerRawConnection(db, async () => {
    await db.$connect();
    return connection;
  });
  return db;
};

// Route handlers are bundled apart from server.ts, so a module-level variable would give each
// bundle its own client; globalThis gives the whole process one.
const globalForDb = globalThis as unknown as { __db?: Db };

export const getDb = (): Db => (globalForDb.__db ??= createDb());
