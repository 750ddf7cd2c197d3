import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, makeCustomer } from '../../test/helpers/db.ts';
import type { Db } from '../db/client.ts';
import { createFileBlobStore, keyOf } from './store.ts';

let t: Awaited<ReturnType<typeof createTestDb>>;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.cleanup());

const row = (db: Db, customerId: string, blob: string) =>
  db.upload.create({ data: { customerId, kind: 'image', mime: 'image/png', name: 'a.png', bytes: 1, blob } });

describe('the file store (the embedded default)', () => {
  it('keeps bytes under their sha-256, once, leaving no temporary file; removes only what no upload names', async () => {
    const dir = path.join(t.dir, 'uploads');
    const store = createFileBlobStore(dir);
    const customer = await makeCustomer(t.db);
    const data = Buffer.from('the same bytes');
    const [a, b] = await Promise.all([
      store.keep(t.db, [data], (db, keys) => row(db as Db, customer.id, keys[0]!)),
      store.keep(t.db, [data], (db, keys) => row(db as Db, customer.id, keys[0]!)),
    ]);
    expect(a.blob).toBe(keyOf(data));
    expect(b.blob).toBe(a.blob);
    const files = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.map((f) => f.name)).toEqual([a.blob]);
    expect((await store.read(t.db, a.blob))!.equals(data)).toBe(true);

    // Still named by b: stays.
    await t.db.upload.delete({ where: { id: a.id } });
    expect(await store.removeUnreferenced(t.db, [a.blob])).toBe(0);
    await t.db.upload.delete({ where: { id: b.id } });
    expect(await store.removeUnreferenced(t.db, [a.blob])).toBe(1);
    expect(await store.read(t.db, a.blob)).toBeNull();
    // A key that is not a sha-256 is never a path.
    expect(await store.read(t.db, '../../etc/passwd')).toBeNull();
  });
});
