import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createPgLeadership } from './leadership.ts';
import { createPgDatabase } from '../../test/helpers/pg.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('sweeper leadership (PostgreSQL advisory lock)', () => {
  it('one instance leads; another takes over when it releases or its connection dies', async () => {
    const db = await createPgDatabase();
    cleanups.push(db.drop);
    const key = 424242;
    const a = createPgLeadership({ url: db.url, key });
    const b = createPgLeadership({ url: db.url, key });
    cleanups.push(a.release, b.release);

    expect(await a.tryLead()).toBe(true);
    expect(await b.tryLead()).toBe(false);
    expect(await a.tryLead()).toBe(true); // still leading on the next tick
    expect(await b.tryLead()).toBe(false);

    await a.release(); // graceful shutdown
    expect(await b.tryLead()).toBe(true);
    expect(await a.tryLead()).toBe(false);

    // b's connection dies (a crash, a network cut): PostgreSQL frees the lock, a takes over,
    // and b notices on its next tick that it no longer leads.
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'exclusive-agent leader' AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = $1)`, [key]);
    await admin.end();
    await new Promise((r) => setTimeout(r, 100));
    expect(await a.tryLead()).toBe(true);
    expect(await b.tryLead()).toBe(false);
  });
});
