import { describe, expect, it } from 'vitest';
import { NeedsHandPortError, portSqliteToPostgres } from './port-sql.ts';

describe('deriving the PostgreSQL twin of a SQLite migration', () => {
  it('maps SQLite type names, keeps names, keys and quoted text as they are', () => {
    const sqlite = `CREATE TABLE "A" (\n    "id" TEXT NOT NULL PRIMARY KEY,\n    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,\n    "note" TEXT NOT NULL DEFAULT 'a DATETIME',\n    "score" REAL\n);\nALTER TABLE "A" ADD COLUMN "seen" DATETIME;`;
    expect(portSqliteToPostgres(sqlite)).toBe(
      `CREATE TABLE "A" (\n    "id" TEXT NOT NULL PRIMARY KEY,\n    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,\n    "note" TEXT NOT NULL DEFAULT 'a DATETIME',\n    "score" DOUBLE PRECISION\n);\nALTER TABLE "A" ADD COLUMN "seen" TIMESTAMP(3);`,
    );
  });

  it('refuses a SQLite table rebuild: that one is ported by hand', () => {
    const rebuild = 'PRAGMA defer_foreign_keys=ON;\nCREATE TABLE "new_A" ("id" TEXT);\nINSERT INTO "new_A" SELECT * FROM "A";\nDROP TABLE "A";\nALTER TABLE "new_A" RENAME TO "A";';
    expect(() => portSqliteToPostgres(rebuild)).toThrow(NeedsHandPortError);
  });
});
