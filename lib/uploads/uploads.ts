import path from 'node:path';
import type { Db } from '../db/client.ts';
import { getDatabaseUrl, providerOf } from '../db/client.ts';
import type { Tx } from '../db/row-lock.ts';
import { holdRows, withRowLock } from '../db/row-lock.ts';
import { AppError } from '../errors.ts';
import { inspectFile, type Inspected } from './inspect.ts';
import { createDbBlobStore, createFileBlobStore, keyOf, type BlobStore } from './store.ts';
import { toUploadView, type AttachmentRow, type UploadView } from './view.ts';
import { fromRow, returningOf, type Dialect, type Query } from '../db/raw.ts';

/** The store for a database: its own files beside an embedded database, its own table in PostgreSQL. */
export const blobStoreFor = (url: string, env: NodeJS.ProcessEnv = process.env): BlobStore => {
  if (providerOf(url) === 'postgres') return createDbBlobStore();
  const file = url.replace(/^file:/, '');
  return createFileBlobStore(env.UPLOADS_DIR ? path.resolve(env.UPLOADS_DIR) : path.join(path.dirname(path.resolve(file)), 'uploads'));
};

const g = globalThis as unknown as { __uploadStore?: BlobStore };
/** The store of the app's database (DATABASE_URL). */
export const getBlobStore = (): BlobStore => (g.__uploadStore ??= blobStoreFor(getDatabaseUrl()));

export type UploadQuota = { files: number; bytes: number };

/** A customer's uploads per rolling day: enough for a day of photos of a broken parcel, not a photo library. */
export const quotaFromEnv = (env: NodeJS.ProcessEnv = process.env): UploadQuota => ({
  files: Math.max(1, Number(env.UPLOADS_PER_DAY ?? 60) || 60),
  bytes: Math.max(1, Number(env.UPLOAD_MB_PER_DAY ?? 200) || 200) * 1024 * 1024,
});

const DAY_MS = 24 * 3600_000;

const quotaUsed = async (db: Db | Tx, customerId: string, now: Date) => {
  const used = await db.upload.aggregate({ where: { customerId, createdAt: { gt: new Date(now.getTime() - DAY_MS) } }, _count: { _all: true }, _sum: { bytes: true } });
  return { files: used._count._all, bytes: used._sum.bytes ?? 0 };
};

const overQuota = (used: { files: number; bytes: number }, quota: UploadQuota, adding: number) => used.files + 1 > quota.files || used.bytes + adding > quota.bytes;

const quotaRefusal = (quota: UploadQuota) =>
  new AppError('upload_quota', `You have sent as many files as a day allows (${quota.files} files, ${Math.round(quota.bytes / 1024 / 1024)} MB). Please try again tomorrow.`, 'file', {
    'retry-after': '3600',
  });

/**
 * `POST /api/uploads`: judges the file (inspect.ts), keeps its bytes and records the upload, not yet
 * attached to anything. The day's quota is counted before the work (a customer over it costs no decoding)
 * and again in the step that records it, holding the customer's row: uploads sent at once cannot all slip
 * under the limit together. Nothing is recorded for a refused file.
 */
export const createUpload = async (opts: {
  db: Db;
  store: BlobStore;
  customerId: string;
  file: { data: Buffer; filename: string };
  quota?: UploadQuota;
  now?: Date;
}): Promise<UploadView> => {
  const { db, store, customerId } = opts;
  const quota = opts.quota ?? quotaFromEnv();
  const now = opts.now ?? new Date();
  if (overQuota(await quotaUsed(db, customerId, now), quota, opts.file.data.length)) throw quotaRefusal(quota);
  const inspected: Inspected = await inspectFile(opts.file);
  const blobs = inspected.thumbnail ? [inspected.data, inspected.thumbnail] : [inspected.data];
  let refusedForQuota = false;
  const row = await store.keep(db, blobs, async (tx, keys) => {
    const record = async (t: Db | Tx) => {
      if (overQuota(await quotaUsed(t, customerId, now), quota, inspected.data.length)) {
        refusedForQuota = true;
        return null;
      }
      return t.upload.create({
        data: {
          customerId,
          kind: inspected.kind,
          mime: inspected.mime,
          name: inspected.name,
          bytes: inspected.data.length,
          width: inspected.width,
          height: inspected.height,
          blob: keys[0]!,
          thumbBlob: keys[1] ?? null,
          thumbBytes: inspected.thumbnail?.length ?? null,
          createdAt: now,
        },
      });
    };
    // On PostgreSQL `tx` is the store's transaction already; take the customer's row inside it.
    if (tx !== db) {
      await holdRows(tx as Tx, { table: 'Customer', id: customerId });
      return record(tx);
    }
    return withRowLock(db, { table: 'Customer', id: customerId }, record);
  });
  if (!row) {
    // The bytes just kept may be named by nobody now.
    if (refusedForQuota) await store.removeUnreferenced(db, blobs.map(keyOf));
    throw quotaRefusal(quota);
  }
  return toUploadView(row);
};

/** At most this many files on one request or one message. */
export const MAX_ATTACHMENTS = 5;

/** The `attachments` of a request or message body: up to five upload ids, each once. */
export const parseAttachmentIds = (raw: unknown): string[] => {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.some((x) => typeof x !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(x))) {
    throw new AppError('invalid_input', 'attachments must be a list of upload ids.', 'attachments');
  }
  if (raw.length > MAX_ATTACHMENTS) throw new AppError('invalid_input', `At most ${MAX_ATTACHMENTS} files can be sent at once.`, 'attachments');
  if (new Set(raw).size !== raw.length) throw new AppError('invalid_input', 'The same file is listed twice.', 'attachments');
  return raw as string[];
};

export const attachmentTaken = () => new AppError('conflict', 'A file was already sent, or is not one of yours. Please attach it again.', 'attachments');

/**
 * Before a request or message is stored: every id names an upload of this customer not attached yet.
 * A check that can be answered in words; the attach itself (`attachUploads`) decides, in the step that
 * stores the request or message.
 */
export const checkAttachable = async (db: Db, customerId: string, ids: readonly string[]): Promise<void> => {
  if (!ids.length) return;
  const found = await db.upload.findMany({ where: { id: { in: [...ids] }, customerId, requestId: null, messageId: null }, select: { id: true } });
  if (found.length !== ids.length) throw attachmentTaken();
};

/**
 * Attaches the uploads to a request or to a message, once: only the customer's own, only those attached
 * to nothing. Returns false when one of them was taken meanwhile (the caller undoes its step).
 */
export const attachUploads = async (
  tx: Pick<Db, 'upload'>,
  o: { customerId: string; ids: readonly string[]; to: { requestId: string } | { messageId: string }; now: Date },
): Promise<boolean> => {
  // One statement per file (five at most): each keeps its place in the list.
  for (const [position, id] of o.ids.entries()) {
    const { count } = await tx.upload.updateMany({ where: { id, customerId: o.customerId, requestId: null, messageId: null }, data: { ...o.to, position, attachedAt: o.now } });
    if (count !== 1) return false;
  }
  return true;
};

const inList = (from: number, n: number) => Array.from({ length: n }, (_, i) => `$${i + from}`).join(', ');

/**
 * In the driver's step that stores a new request (lib/requests/create-request.ts): whether every upload is
 * the customer's and attached to nothing — and, on PostgreSQL, their rows held until the step ends, so
 * the attach that follows cannot miss (on SQLite nothing else runs inside the step).
 */
export const holdAttachableSql = async (q: Query, dialect: Dialect, customerId: string, ids: readonly string[]): Promise<boolean> => {
  const rows = await q(
    `SELECT "id" FROM "Upload" WHERE "customerId" = $1 AND "requestId" IS NULL AND "messageId" IS NULL AND "id" IN (${inList(2, ids.length)})${dialect === 'postgres' ? ' FOR UPDATE' : ''}`,
    [customerId, ...ids],
  );
  return rows.length === ids.length;
};

/** The attach itself, in the same step, after the request's insert: the attached uploads back. */
export const attachToRequestSql = async (db: Db, q: Query, o: { requestId: string; customerId: string; ids: readonly string[]; now: Date }): Promise<AttachmentRow[]> => {
  const rows = await q(
    // Each file's place in the list: CASE "id" WHEN $4 THEN 0 WHEN $5 THEN 1 …
    `UPDATE "Upload" SET "requestId" = $1, "attachedAt" = $2, "position" = CASE "id" ${o.ids.map((_, i) => `WHEN $${i + 4} THEN ${i}`).join(' ')} END` +
      ` WHERE "customerId" = $3 AND "requestId" IS NULL AND "messageId" IS NULL AND "id" IN (${inList(4, o.ids.length)}) RETURNING ${returningOf(db, 'Upload')}`,
    [o.requestId, o.now, o.customerId, ...o.ids],
  );
  return rows.map((row) => fromRow<AttachmentRow>(db, 'Upload', row));
};

/** Uploads never attached within this long are swept. */
export const UNATTACHED_TTL_MS = DAY_MS;

/**
 * The sweeper's step: uploads nobody attached within 24 h are forgotten, and the blobs no upload names any
 * more removed. Bounded per run so a backlog never holds the sweeper long.
 */
export const sweepUploads = async (opts: { db: Db; store: BlobStore; now?: Date; batch?: number }): Promise<number> => {
  const now = opts.now ?? new Date();
  const stale = await opts.db.upload.findMany({
    where: { attachedAt: null, createdAt: { lt: new Date(now.getTime() - UNATTACHED_TTL_MS) } },
    select: { id: true, blob: true, thumbBlob: true },
    take: opts.batch ?? 200,
  });
  if (!stale.length) return 0;
  // Only those still unattached go (one may have been attached since it was read).
  await opts.db.upload.deleteMany({ where: { id: { in: stale.map((u) => u.id) }, attachedAt: null } });
  await opts.store.removeUnreferenced(opts.db, stale.flatMap(blobsOf));
  return stale.length;
};

/** Erasure (lib/identity/erase-customer.ts): the customer's uploads are deleted in its transaction; then their bytes. */
export const blobsOfCustomer = async (db: Db | Tx, customerId: string): Promise<string[]> =>
  (await db.upload.findMany({ where: { customerId }, select: { blob: true, thumbBlob: true } })).flatMap(blobsOf);

/** The store keys an upload names: its picture (or PDF) and its thumbnail. */
const blobsOf = (u: { blob: string; thumbBlob: string | null }): string[] => (u.thumbBlob ? [u.blob, u.thumbBlob] : [u.blob]);
