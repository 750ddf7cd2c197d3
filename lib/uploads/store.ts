import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Mutex } from 'async-mutex';
import type { Db } from '../db/client.ts';
import type { Tx } from '../db/row-lock.ts';

/**
 * Where the bytes of uploads live, behind one interface (issue 30). Both stores are content-addressed:
 * a blob's key is the sha-256 of its bytes, so the same picture sent twice is kept once, and a blob is
 * removed only when no upload names it any more.
 *
 * - `FileBlobStore` (the embedded default, SQLite): files under data/uploads/ (beside the database file),
 *   written to a temporary name and renamed into place, so a crash never leaves half a file under its key.
 * - `DbBlobStore` (PostgreSQL): the bytes in the UploadBlob table, so every instance serves every file
 *   without a shared disk.
 *
 * `keep` stores the blobs and runs `record` (which writes the Upload row that names them) as one step that
 * a removal of the same blobs cannot interleave with: otherwise a sweep could find a blob unnamed, and
 * delete it just after a new upload of the same bytes was told it was already there.
 */
export type BlobStore = {
  kind: 'files' | 'database';
  keep: <T>(db: Db, blobs: readonly Buffer[], record: (tx: Tx | Db, keys: string[]) => Promise<T>) => Promise<T>;
  read: (db: Db, key: string) => Promise<Buffer | null>;
  /** Removes each blob no Upload row names any more; returns how many went. */
  removeUnreferenced: (db: Db, keys: readonly string[]) => Promise<number>;
};

export const keyOf = (data: Buffer): string => crypto.createHash('sha256').update(data).digest('hex');

const KEY = /^[0-9a-f]{64}$/;

const referenced = async (db: Db | Tx, key: string): Promise<boolean> =>
  (await db.upload.findFirst({ where: { OR: [{ blob: key }, { thumbBlob: key }] }, select: { id: true } })) !== null;

export const createFileBlobStore = (dir: string): BlobStore => {
  // One process owns an embedded database, so a lock in this process orders writes and removals.
  const lock = new Mutex();
  const fileOf = (key: string) => path.join(dir, key.slice(0, 2), key);
  const write = async (key: string, data: Buffer) => {
    const file = fileOf(key);
    try {
      await fs.access(file);
      return; // already kept: the same bytes
    } catch {
      // not there yet
    }
    await fs.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`;
    const handle = await fs.open(tmp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
  };
  return {
    kind: 'files',
    keep: (db, blobs, record) =>
      lock.runExclusive(async () => {
        const keys = blobs.map(keyOf);
        for (let i = 0; i < blobs.length; i++) await write(keys[i]!, blobs[i]!);
        return record(db, keys);
      }),
    read: async (_db, key) => {
      if (!KEY.test(key)) return null;
      try {
        return await fs.readFile(fileOf(key));
      } catch {
        return null;
      }
    },
    removeUnreferenced: (db, keys) =>
      lock.runExclusive(async () => {
        let removed = 0;
        for (const key of new Set(keys)) {
          if (!KEY.test(key) || (await referenced(db, key))) continue;
          await fs.rm(fileOf(key), { force: true });
          removed++;
        }
        return removed;
      }),
  };
};

/**
 * A transaction-scoped advisory lock per blob key, taken in key order (two uploads naming the same two
 * blobs never wait on each other): a removal and a keep of the same bytes run one after the other, on
 * every instance.
 */
const lockKeys = async (tx: Tx, keys: readonly string[]) => {
  for (const key of [...new Set(keys)].sort()) await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(hashtextextended($1, 30))', `upload-blob:${key}`);
};

export const createDbBlobStore = (): BlobStore => ({
  kind: 'database',
  keep: (db, blobs, record) =>
    db.$transaction(
      async (tx) => {
        const keys = blobs.map(keyOf);
        await lockKeys(tx, keys);
        for (let i = 0; i < blobs.length; i++) {
          await tx.$executeRawUnsafe(
            'INSERT INTO "UploadBlob" ("sha256", "data", "bytes", "createdAt") VALUES ($1, $2, $3, CURRENT_TIMESTAMP) ON CONFLICT ("sha256") DO NOTHING',
            keys[i],
            blobs[i],
            blobs[i]!.length,
          );
        }
        return record(tx, keys);
      },
      { maxWait: 5_000, timeout: 30_000 },
    ),
  read: async (db, key) => {
    if (!KEY.test(key)) return null;
    const row = await db.uploadBlob.findUnique({ where: { sha256: key }, select: { data: true } });
    return row ? Buffer.from(row.data) : null;
  },
  removeUnreferenced: async (db, keys) => {
    let removed = 0;
    for (const key of new Set(keys)) {
      if (!KEY.test(key)) continue;
      removed += await db.$transaction(async (tx) => {
        await lockKeys(tx, [key]);
        if (await referenced(tx, key)) return 0;
        return (await tx.uploadBlob.deleteMany({ where: { sha256: key } })).count;
      });
    }
    return removed;
  },
});
