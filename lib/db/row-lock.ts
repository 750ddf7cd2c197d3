import type { Db } from './client.ts';

/** A transaction's client, as `$transaction(async (tx) => …)` hands it over. */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** The rows a limit is kept on: the owner whose count the limit bounds. */
export type LockedRow = { table: 'Agent' | 'Customer'; id: string };

/** How long a step waits for another's lock (and a pool connection) before giving up: 5 s, then 10 s to run. */
const TX_OPTIONS = { maxWait: 5_000, timeout: 10_000 } as const;

const providerOf = (db: Db): string => (db as unknown as { _activeProvider?: string })._activeProvider ?? 'sqlite';

/**
 * Runs a check-then-write ("count, then insert if under the limit") as one serialisable step per owner.
 *
 * PostgreSQL runs transactions at READ COMMITTED: two transactions that count the same owner's rows at
 * once both see the count before either inserts, and both write — the limit overrun that issue 26
 * measured (ten gifts sent at once against a limit of three: all ten stored). So the step first takes the
 * owner's row lock (`FOR NO KEY UPDATE`: it does not block the foreign-key checks of inserts that merely
 * point at the row), and the other steps for that owner wait for it to commit. Each later statement of the
 * step takes a fresh snapshot, so it counts what the previous holder committed.
 *
 * SQLite needs no lock statement: the app's one connection runs a transaction at a time
 * (lib/db/sqlite-adapter.ts), so the step is serial already.
 *
 * Always take rows in the same order (a customer before an agent) so two steps never wait on each other.
 */
export const withRowLock = <T>(db: Db, rows: LockedRow | readonly LockedRow[], step: (tx: Tx) => Promise<T>): Promise<T> => {
  const postgres = providerOf(db) === 'postgresql';
  return db.$transaction(async (tx) => {
    if (postgres) await holdRows(tx, rows);
    return step(tx);
  }, TX_OPTIONS);
};

/**
 * The lock statements of withRowLock, for a PostgreSQL transaction that is already open (e.g. the upload
 * store's, lib/uploads/store.ts): the rows are held until it ends.
 */
export const holdRows = async (tx: Tx, rows: LockedRow | readonly LockedRow[]): Promise<void> => {
  for (const row of Array.isArray(rows) ? (rows as readonly LockedRow[]) : [rows as LockedRow]) {
    // The table name is one of two constants (the type above); the id is a bound parameter.
    await tx.$queryRawUnsafe(`SELECT "id" FROM "${row.table === 'Agent' ? 'Agent' : 'Customer'}" WHERE "id" = $1 FOR NO KEY UPDATE`, row.id);
  }
};
