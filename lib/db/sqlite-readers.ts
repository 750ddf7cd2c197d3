import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Long read-only statements (a 30-day report: ~1 s of SQLite work) off the server's thread. better-sqlite3
 * is synchronous: on the one connection every statement runs on the event loop, so while a report ran,
 * every customer's and agent's call on that instance waited behind it. Here each batch runs in a worker
 * thread on its own read-only connection to the same file (WAL: readers neither block the writer nor see
 * half of its transactions), inside one read transaction — one snapshot per batch. Two workers: two
 * batches of one report run at once on the machine's two cores.
 *
 * Workers start on first use, are unref'd while idle (they keep no process alive) and end after
 * IDLE_MS without work. A worker that cannot start (the driver not found beside the working directory)
 * fails its batch with `readerFailed` and makes `available()` false: the caller runs its statements on the
 * main connection, as before.
 */

export type ReadStatement = { sql: string; params: readonly unknown[] };
type Row = Record<string, unknown>;

const IDLE_MS = 30_000;

// Plain CommonJS, evaluated in the worker: no file to find beside whichever bundle imported this module.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true, timeout: 10000 });
const prepared = new Map();
const prepare = (sql) => {
  let s = prepared.get(sql);
  if (!s) {
    s = db.prepare(sql);
    if (!s.reader) throw new Error('not a read: ' + sql.slice(0, 80));
    prepared.set(sql, s);
  }
  return s;
};
parentPort.on('message', ({ id, statements }) => {
  try {
    db.exec('BEGIN');
    let results;
    try {
      results = statements.map(({ sql, params }) => prepare(sql).all(...params));
    } finally {
      db.exec('COMMIT');
    }
    parentPort.postMessage({ id, results });
  } catch (err) {
    parentPort.postMessage({ id, error: { message: String((err && err.message) || err), code: err && err.code } });
  }
});
`;

type Pending = { resolve: (rows: Row[][]) => void; reject: (err: Error) => void };
type Slot = { worker: Worker; pending: Map<number, Pending>; idle: NodeJS.Timeout | null };

export type SqliteReaders = {
  /** Runs the statements (SQL with `?`, parameters already in SQLite's form) in one read transaction. */
  read: (statements: ReadStatement[]) => Promise<Row[][]>;
  /** False for an in-memory database, or once a worker could not start. */
  available: () => boolean;
  close: () => Promise<void>;
};

/** A batch lost with its worker, not refused by SQLite: the caller may run it on the main connection. */
export const readerFailed = (message: string) => Object.assign(new Error(message), { readerFailed: true as const });
export const isReaderFailure = (err: unknown): boolean => typeof err === 'object' && err !== null && (err as { readerFailed?: unknown }).readerFailed === true;

const driverPath = (): string | null => {
  try {
    return createRequire(path.join(process.cwd(), 'package.json')).resolve('better-sqlite3');
  } catch {
    return null;
  }
};

export const createSqliteReaders = (file: string, opts: { size?: number; driver?: string; onError?: (err: Error) => void } = {}): SqliteReaders => {
  const size = opts.size ?? 2;
  const inMemory = !file || file === ':memory:' || file.includes(':memory:') || file.includes('mode=memory');
  const driver = inMemory ? null : (opts.driver ?? driverPath());
  let usable = driver !== null;
  if (!inMemory && !driver) queueMicrotask(() => opts.onError?.(new Error(`better-sqlite3 not found from ${process.cwd()}`)));
  const slots: Slot[] = [];
  let nextId = 1;
  let turn = 0;

  const drop = (slot: Slot, err: Error) => {
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
    if (slot.idle) clearTimeout(slot.idle);
    for (const p of slot.pending.values()) p.reject(err);
    slot.pending.clear();
  };

  const start = (): Slot => {
    const worker = new Worker(SOURCE, { eval: true, workerData: { driver, file: path.resolve(file) } });
    const slot: Slot = { worker, pending: new Map(), idle: null };
    worker.on('message', (m: { id: number; results?: Row[][]; error?: { message: string; code?: string } }) => {
      const p = slot.pending.get(m.id);
      if (!p) return;
      slot.pending.delete(m.id);
      if (m.error) p.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
      else p.resolve(m.results!);
      if (slot.pending.size === 0) rest(slot);
    });
    worker.on('error', (err) => {
      // Uncaught in the worker: loading the driver or opening the file failed. No worker will do better;
      // from now on the caller uses the main connection (statement errors come back as messages, not here).
      usable = false;
      opts.onError?.(err);
      drop(slot, readerFailed(err.message));
    });
    worker.on('exit', () => drop(slot, readerFailed('the reader thread stopped')));
    slots.push(slot);
    return slot;
  };

  const rest = (slot: Slot) => {
    slot.worker.unref();
    slot.idle = setTimeout(() => {
      // Out of the pool first: no batch is handed to a thread that is ending.
      const i = slots.indexOf(slot);
      if (i >= 0) slots.splice(i, 1);
      void slot.worker.terminate();
    }, IDLE_MS);
    slot.idle.unref();
  };

  const pickSlot = (): Slot => {
    const free = slots.find((s) => s.pending.size === 0);
    if (free) return free;
    if (slots.length < size) return start();
    return slots[turn++ % slots.length]!;
  };

  return {
    available: () => usable,
    read: (statements) =>
      new Promise<Row[][]>((resolve, reject) => {
        const slot = pickSlot();
        if (slot.idle) clearTimeout(slot.idle);
        slot.idle = null;
        slot.worker.ref();
        const id = nextId++;
        slot.pending.set(id, { resolve, reject });
        slot.worker.postMessage({ id, statements });
      }),
    close: async () => {
      await Promise.all(slots.splice(0).map((s) => s.worker.terminate()));
    },
  };
};
