/**
 * Derives the PostgreSQL twin of a SQLite migration, for the statements Prisma emits for portable
 * models (no @db.*): CREATE TABLE / INDEX, ALTER TABLE ADD COLUMN, UPDATE, DROP INDEX. Inline primary
 * and foreign keys are valid PostgreSQL and get Prisma's names ("T_pkey", "T_col_fkey") there too.
 * SQLite's table rebuild ("RedefineTables": PRAGMA, new_T, copy, rename) has no safe mechanical
 * translation: write an ALTER TABLE by hand instead (docs/decisions.md). The schema drift test
 * (lib/db/schema-drift.pg.test.ts) is the judge of the result, not this function.
 */
export class NeedsHandPortError extends Error {}

const TYPES: [RegExp, string][] = [
  [/\bDATETIME\b/g, 'TIMESTAMP(3)'],
  [/\bREAL\b/g, 'DOUBLE PRECISION'],
  [/\bBLOB\b/g, 'BYTEA'],
  [/\bDECIMAL\b(?!\s*\()/g, 'DECIMAL(65,30)'],
  [/\bJSONB?\b/g, 'JSONB'],
];

export const portSqliteToPostgres = (sql: string): string => {
  const rebuild = /^\s*PRAGMA\b/im.test(sql) || /CREATE TABLE "new_/i.test(sql) || /RENAME TO/i.test(sql);
  if (rebuild) {
    throw new NeedsHandPortError(
      'This migration rebuilds a table the SQLite way (PRAGMA / "new_" table / RENAME). Write its PostgreSQL twin by hand with ALTER TABLE.',
    );
  }
  if (/\bAUTOINCREMENT\b/i.test(sql)) {
    throw new NeedsHandPortError('AUTOINCREMENT has no direct PostgreSQL spelling: use SERIAL / GENERATED ... AS IDENTITY by hand.');
  }
  // Only outside string literals: a default like '2020-01-01 DATETIME' must stay as written.
  return sql
    .split(/('(?:[^']|'')*')/)
    .map((part, i) => (i % 2 === 1 ? part : TYPES.reduce((s, [re, to]) => s.replace(re, to), part)))
    .join('');
};
