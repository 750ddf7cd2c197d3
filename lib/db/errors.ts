/**
 * A write refused because a unique key already holds that value, on either database: Prisma's P2002,
 * or the driver adapter's own report of it (SQLite `SQLITE_CONSTRAINT_UNIQUE` / primary key,
 * PostgreSQL `23505`) when Prisma passes the driver's error through.
 */
export const isUniqueViolation = (err: unknown): boolean => {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown; originalCode?: unknown } } }; cause?: unknown };
  if (e.code === 'P2002' || e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return true;
  const cause = e.meta?.driverAdapterError?.cause;
  if (cause && (cause.kind === 'UniqueConstraintViolation' || cause.originalCode === '23505' || cause.code === '23505')) return true;
  return e.cause !== undefined && e.cause !== err && isUniqueViolation(e.cause);
};
