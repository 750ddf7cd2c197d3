import crypto from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** Which database the current vitest project runs against. */
export const testProvider = (): 'sqlite' | 'postgres' => inject('dbProvider') ?? 'sqlite';

const withAdmin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
};

/** A fresh, empty PostgreSQL database in the test cluster (the test builds it from the migrations). */
export const createPgDatabase = async (): Promise<{ url: string; name: string; drop: () => Promise<void> }> => {
  const name = `ea_${crypto.randomBytes(6).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(inject('pgAdminUrl'));
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
};
