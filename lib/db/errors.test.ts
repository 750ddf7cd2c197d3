import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, isUniqueViolation } from './errors.ts';

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

describe('isDatabaseUnavailable', () => {
  it.each([
    // As measured in test/integration/storm.pg.test.ts while PostgreSQL restarts: a model query …
    ['P1001 with the adapter\'s DatabaseNotReachable', { code: 'P1001', meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 } } } }],
    // … and a raw one (P2010 carries the adapter's kind only).
    ['a raw query that could not reach it', { code: 'P2010', meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable' } } } }],
    ['a connection closed under a query', { cause: { kind: 'ConnectionClosed' } }],
    ['PostgreSQL shutting down (57P01)', { code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'postgres', originalCode: '57P01' } } } }],
    ['PostgreSQL starting up (57P03)', { originalCode: '57P03' }],
    ['a connection exception (08006)', { code: '08006' }],
    ['the socket refused', { code: 'ECONNREFUSED' }],
    ['the pool timed out', { code: 'P2024' }],
  ])('knows %s', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation', { code: 'P2002' }],
    ['a record not found', { code: 'P2025' }],
    ['a check on PostgreSQL', { originalCode: '23514' }],
    ['only the words', new Error("Can't reach database server at 127.0.0.1:5432")],
    ['nothing', null],
  ])('refuses %s', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});
