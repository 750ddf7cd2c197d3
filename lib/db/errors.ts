/** The codes a unique index's refusal carries: Prisma's own, SQLite's (better-sqlite3, libsql) and PostgreSQL's SQLSTATE. */
const UNIQUE_CODES = new Set(['P2002', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505']);

type Coded = { code?: unknown; kind?: unknown; originalCode?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };

/**
 * A write refused because a unique key already holds that value (a concurrent twin got there first),
 * told by code on either database — never by the message's words: Prisma's P2002, or the driver
 * adapter's own report of it (kind `UniqueConstraintViolation`; SQLite `SQLITE_CONSTRAINT_UNIQUE` /
 * primary key, PostgreSQL `23505`) when Prisma passes the driver's error through, at any depth of `cause`.
 */
export const isUniqueViolation = (err: unknown, depth = 0): boolean => {
  if (typeof err !== 'object' || err === null || depth > 4) return false;
  const e = err as Coded;
  if (UNIQUE_CODES.has(String(e.code)) || UNIQUE_CODES.has(String(e.originalCode)) || e.kind === 'UniqueConstraintViolation') return true;
  return isUniqueViolation(e.cause, depth + 1) || isUniqueViolation(e.meta?.driverAdapterError, depth + 1);
};
