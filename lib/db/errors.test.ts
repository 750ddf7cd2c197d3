import { describe, expect, it } from 'vitest';
import { isUniqueViolation } from './errors.ts';

describe('isUniqueViolation', () => {
  it.each([
    ['Prisma', { code: 'P2002' }],
    ['SQLite through the adapter', { code: 'P2002', meta: { driverAdapterError: { cause: { originalCode: 'SQLITE_CONSTRAINT_UNIQUE', kind: 'UniqueConstraintViolation' } } } }],
    ['an unwrapped adapter error', { name: 'DriverAdapterError', cause: { kind: 'UniqueConstraintViolation' } }],
    ['better-sqlite3', { code: 'SQLITE_CONSTRAINT_UNIQUE' }],
    ['SQLite primary key', { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }],
    ['PostgreSQL', { code: '23505' }],
    ['PostgreSQL under a cause', { cause: { originalCode: '23505' } }],
  ])('knows %s', (_name, err) => {
    expect(isUniqueViolation(err)).toBe(true);
  });

  it.each([
    ['another Prisma error', { code: 'P2025' }],
    ['a foreign key on SQLite', { code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }],
    ['a check on PostgreSQL', { code: '23514' }],
    ['only the words', new Error('UNIQUE constraint failed: Callback.agentId, Callback.at')],
    ['nothing', null],
    ['a string', 'P2002'],
  ])('refuses %s', (_name, err) => {
    expect(isUniqueViolation(err)).toBe(false);
  });
});
