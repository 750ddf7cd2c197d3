import crypto from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { Mutex } from 'async-mutex';
import type pg from 'pg';
import { log } from '../log.ts';
import { createSqliteReaders, isReaderFailure } from './sqlite-readers.ts';

/** A Prisma client made by createDb (client.ts): known here only as the object the raw side hangs on. */
type Db = object;

/**
 * The hot path's statements on the driver the Prisma adapter already holds: better-sqlite3 (the same one
 * connection, behind the same lock as Prisma's statements) or the same `pg` pool (named, prepared once per
 * connection). Measured in docs/benchmarks.md ("What limits the hot path"): a statement through Prisma's
 * client costs 0.25–0.8 ms of CPU in this server, the same statement here well under 0.1 ms.
 *
 * SQL is written once with `$1 … $n` parameters and double-quoted names, which both databases read; rows
 * come back as the model's own shape (dates as Date, booleans as boolean) from Prisma's data model, so
 * the domain functions keep their types. `lib/db/raw.test.ts` checks the shape against Prisma's own reads.
 */
export type Dialect = 'sqlite' | 'postgres';

export type SqliteConnection = { dialect: 'sqlite'; client: BetterSqlite3.Database; lock: Mutex };
export type PgConnection = { dialect: 'postgres'; pool: pg.Pool };
type Connection = SqliteConnection | PgConnection;

type Row = Record<string, unknown>;
/** One statement: SQL with $1…$n, its parameters; rows of a SELECT or of RETURNING. */
export type Query = <T extends Row = Row>(sql: string, params?: readonly unknown[]) => Promise<T[]>;

export type RawDb = {
  dialect: Dialect;
  query: Query;
  /**
   * Statements on one connection, none of anyone else's in between. PostgreSQL: one transaction
   * (`BEGIN` … `COMMIT`, rolled back on a throw), so a `FOR NO KEY UPDATE` in it holds the row until the
   * end; SQLite: the connection's lock held throughout (no other statement of this process runs between).
   */
  step: <T>(fn: (q: Query) => Promise<T>) => Promise<T>;
  /**
   * Read-only statements seen from one snapshot, for long aggregates (reports). SQLite: on a worker
   * thread's read-only connection (lib/db/sqlite-readers.ts), so the server's thread and its one
   * connection stay free, and two batches run at once on two cores; PostgreSQL: one pooled connection in
   * a REPEATABLE READ READ ONLY transaction. Rows as the driver gives them (no model shapes: aggregates).
   */
  readBatch: (statements: readonly ReadStatement[]) => Promise<Row[][]>;
};

/** One statement of a read batch: SQL with $1…$n and its parameters. */
export type ReadStatement = { sql: string; params?: readonly unknown[] };

const RAW = Symbol.for('exclusive-agent.raw-connection');
type Registered = { [RAW]?: () => Promise<Connection> };

/** Called by createDb: how this client's raw connection is reached (the adapter connects lazily). */
export const registerRawConnection = (db: object, connect: () => Promise<Connection>): void => {
  let once: Promise<Connection> | null = null;
  (db as Registered)[RAW] = () => (once ??= connect());
};

/** Everyone who wants to see each raw statement (the statement-budget test). */
const observers = new Set<(sql: string) => void>();
export const observeRawStatements = (fn: (sql: string) => void): (() => void) => {
  observers.add(fn);
  return () => observers.delete(fn);
};
const observed = (sql: string) => {
  for (const fn of observers) fn(sql);
};

// ---- parameters and rows ----------------------------------------------------------------------------

const pad = (n: number, z = 2) => String(n).padStart(z, '0');
/** As Prisma's pg adapter writes a DateTime into `timestamp(3)`: UTC, no zone. */
const pgTimestamp = (d: Date) =>
  `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
/** As Prisma's better-sqlite3 adapter stores a DateTime (iso8601): text that compares in time order. */
const sqliteTimestamp = (d: Date) => d.toISOString().replace('Z', '+00:00');

const toParam = (dialect: Dialect, v: unknown): unknown => {
  if (v instanceof Date) return dialect === 'sqlite' ? sqliteTimestamp(v) : pgTimestamp(v);
  if (typeof v === 'boolean' && dialect === 'sqlite') return v ? 1 : 0;
  return v === undefined ? null : v;
};

/** timestamp without time zone (1114) read as UTC, as Prisma does; everything else as node-pg does. */
const PG_TYPES = {
  getTypeParser: (oid: number, format?: string) =>
    oid === 1114 ? (s: string) => new Date(`${s.replace(' ', 'T')}Z`) : (pgTypes!.getTypeParser as (o: number, f?: string) => unknown)(oid, format),
};
let pgTypes: typeof pg.types | null = null;

type FieldType = 'String' | 'Int' | 'Float' | 'Boolean' | 'DateTime' | 'BigInt' | 'Json' | 'Decimal' | 'Bytes';
type DataModel = { models: Record<string, { fields: { name: string; kind: string; type: string }[] }> };

const scalarCache = new Map<string, { name: string; type: FieldType }[]>();
/** A model's scalar fields and types, from the client's own data model (generated from prisma/models.prisma). */
const scalarsOf = (db: Db, model: string) => {
  let fields = scalarCache.get(model);
  if (!fields) {
    const dm = (db as unknown as { _runtimeDataModel: DataModel })._runtimeDataModel;
    const m = dm.models[model];
    if (!m) throw new Error(`no model ${model}`);
    fields = m.fields.filter((f) => f.kind === 'scalar').map((f) => ({ name: f.name, type: f.type as FieldType }));
    scalarCache.set(model, fields);
  }
  return fields;
};

/** `"alias"."field" AS "alias.field", …` for every scalar of the model: read back with `fromRow`. */
export const columnsOf = (db: Db, model: string, alias: string): string =>
  scalarsOf(db, model)
    .map((f) => `"${alias}"."${f.name}" AS "${alias}.${f.name}"`)
    .join(', ');

/** `"field", …` unprefixed: for RETURNING. */
export const returningOf = (db: Db, model: string): string =>
  scalarsOf(db, model)
    .map((f) => `"${f.name}"`)
    .join(', ');

/** The model's row out of a raw row (its columns prefixed `alias.` or not), typed as Prisma returns it. */
export const fromRow = <T>(db: Db, model: string, row: Row, alias?: string): T => {
  const out: Row = {};
  for (const f of scalarsOf(db, model)) {
    const v = row[alias ? `${alias}.${f.name}` : f.name];
    if (v === null || v === undefined) out[f.name] = null;
    else if (f.type === 'DateTime') out[f.name] = v instanceof Date ? v : new Date(v as string);
    else if (f.type === 'Boolean') out[f.name] = v === true || v === 1 || v === 1n;
    else if (f.type === 'Int') out[f.name] = Number(v);
    else out[f.name] = v;
  }
  return out as T;
};

/** A new row id in the shape Prisma's cuid() gives: a letter, then lower-case letters and digits, time-ordered. */
export const newId = (): string => `c${Date.now().toString(36)}${crypto.randomBytes(8).readBigUInt64BE().toString(36).padStart(13, '0')}`;

// ---- the two drivers ----------------------------------------------------------------------------------

/** `$1 … $n` → `?` for better-sqlite3, with the parameters in the order they appear (each text converted once). */
const sqliteText = new Map<string, { sql: string; order: number[] }>();
const toSqlite = (sql: string) => {
  let t = sqliteText.get(sql);
  if (!t) {
    const order: number[] = [];
    t = { sql: sql.replace(/\$(\d+)/g, (_, n: string) => (order.push(Number(n) - 1), '?')), order };
    sqliteText.set(sql, t);
  }
  return t;
};

const sqliteQuery =
  (c: SqliteConnection): Query =>
  async <T extends Row>(sql: string, params: readonly unknown[] = []) => {
    observed(sql);
    const { sql: text, order } = toSqlite(sql);
    const stmt = c.client.prepare(text) as unknown as { reader: boolean; bind: (...a: unknown[]) => { raw: () => { all: () => unknown[][] }; columns: () => { name: string }[]; run: () => unknown } };
    const bound = stmt.bind(order.map((i) => toParam('sqlite', params[i])));
    if (!stmt.reader) {
      bound.run();
      return [];
    }
    const names = bound.columns().map((col) => col.name);
    return bound
      .raw()
      .all()
      .map((values) => Object.fromEntries(names.map((n, i) => [n, values[i]])) as T);
  };

/** Statement names for pg: one per SQL text, so each connection prepares it once. */
const pgNames = new Map<string, string>();
const pgName = (sql: string) => {
  let n = pgNames.get(sql);
  if (!n) pgNames.set(sql, (n = `ea_${crypto.createHash('sha1').update(sql).digest('hex').slice(0, 16)}`));
  return n;
};

/**
 * node-pg reports what PostgreSQL refused with its SQLSTATE (`code`), but a lost connection ("Connection
 * terminated unexpectedly", a pool that cannot connect) as a plain Error. Those are told by kind, as Prisma's
 * adapter tells them, so isDatabaseUnavailable answers 503 for them on the driver's path too.
 */
const tagged = (err: unknown): unknown => {
  if (typeof err === 'object' && err !== null && !('code' in err && typeof (err as { code: unknown }).code === 'string')) {
    return Object.assign(new Error((err as Error).message ?? 'database connection lost', { cause: err }), { kind: 'ConnectionClosed' });
  }
  return err;
};

const pgQuery =
  (run: Pick<pg.Pool, 'query'>): Query =>
  async <T extends Row>(sql: string, params: readonly unknown[] = []) => {
    observed(sql);
    try {
      const res = await run.query({ name: pgName(sql), text: sql, values: params.map((p) => toParam('postgres', p)), types: PG_TYPES as never });
      return res.rows as T[];
    } catch (err) {
      throw tagged(err);
    }
  };

/** The statements one after another on one connection, their rows in order. */
const inTurn = async (q: Query, statements: readonly ReadStatement[]): Promise<Row[][]> => {
  const out: Row[][] = [];
  for (const st of statements) out.push(await q(st.sql, st.params));
  return out;
};

const connectionOf = async (db: Db): Promise<Connection> => {
  const get = (db as unknown as Registered)[RAW];
  if (!get) throw new Error('This database client has no raw connection (make it with createDb).');
  return get();
};

const cache = new WeakMap<object, Promise<RawDb>>();

/** The raw side of a client made by createDb. */
export const rawOf = (db: Db): Promise<RawDb> => {
  let r = cache.get(db);
  if (!r) {
    r = connectionOf(db).then(async (c): Promise<RawDb> => {
      if (c.dialect === 'sqlite') {
        const q = sqliteQuery(c);
        const readers = createSqliteReaders(c.client.name, {
          onError: (err) => log.warn({ err }, 'report reader thread failed: long reads run on the main connection from now on'),
        });
        const onMain = (statements: readonly ReadStatement[]) => c.lock.runExclusive(() => inTurn(q, statements));
        return {
          dialect: 'sqlite',
          // The lock: never run inside another request's Prisma transaction on the same connection.
          query: (sql, params) => c.lock.runExclusive(() => q(sql, params)),
          step: (fn) => c.lock.runExclusive(() => fn(q)),
          readBatch: async (statements) => {
            if (!readers.available()) return onMain(statements);
            statements.forEach((st) => observed(st.sql));
            const converted = statements.map((st) => {
              const { sql, order } = toSqlite(st.sql);
              return { sql, params: order.map((i) => toParam('sqlite', st.params?.[i])) };
            });
            return readers.read(converted).catch((err: unknown) => (isReaderFailure(err) ? onMain(statements) : Promise.reject(err)));
          },
        };
      }
      pgTypes ??= (await import('pg')).default.types;
      /** One pooled connection, `begin` … COMMIT (rolled back on a throw). */
      const transaction = async <T>(begin: string, fn: (q: Query) => Promise<T>): Promise<T> => {
        const client = await c.pool.connect().catch((err: unknown) => Promise.reject(tagged(err)));
        const q = pgQuery(client);
        try {
          observed(begin);
          await client.query(begin);
          const result = await fn(q);
          observed('COMMIT');
          await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {});
          throw err;
        } finally {
          client.release();
        }
      };
      return {
        dialect: 'postgres',
        query: pgQuery(c.pool),
        step: (fn) => transaction('BEGIN', fn),
        readBatch: (statements) => transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', (q) => inTurn(q, statements)),
      };
    });
    cache.set(db, r);
  }
  return r;
};
