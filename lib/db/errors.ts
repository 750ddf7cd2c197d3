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

/** Prisma's codes for a database it cannot reach or that closed the connection (P1001 can't reach, P1002 timed out, P1008 operation timed out, P1017 closed, P2024 pool timeout). */
const UNREACHABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** The driver adapter's kinds for the same, and the socket's own codes. */
const UNREACHABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);
/** PostgreSQL's SQLSTATEs: class 08 (connection exception), 57P01–57P03 (shutting down, crashed, starting up), 53300 (too many connections). */
const isUnavailableSqlState = (code: string) => /^08[0-9A-Z]{3}$/.test(code) || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';

/**
 * The database is away for now (restarting, unreachable, closed the connection): nothing was wrong
 * with the call, and the same call may succeed in a moment — a 503 with Retry-After, not a 500. Told
 * by code, at any depth of `cause` or the adapter's error, like isUniqueViolation.
 */
export const isDatabaseUnavailable = (err: unknown, depth = 0): boolean => {
  if (typeof err !== 'object' || err === null || depth > 4) return false;
  const e = err as Coded;
  const code = String(e.code);
  const original = String(e.originalCode);
  if (UNREACHABLE_CODES.has(code) || SOCKET_CODES.has(code) || (typeof e.kind === 'string' && UNREACHABLE_KINDS.has(e.kind))) return true;
  if (isUnavailableSqlState(code) || isUnavailableSqlState(original)) return true;
  return isDatabaseUnavailable(e.cause, depth + 1) || isDatabaseUnavailable(e.meta?.driverAdapterError, depth + 1);
};
