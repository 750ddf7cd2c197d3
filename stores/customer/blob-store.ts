/**
 * Where the files of requests written offline wait (localStorage holds only text): keyed by the outbox
 * item's key and the file's place in it, removed once the request is sent or discarded.
 */
export type BlobStore = {
  put: (key: string, blob: Blob) => Promise<void>;
  get: (key: string) => Promise<Blob | null>;
  remove: (keys: readonly string[]) => Promise<void>;
};

export const outboxFileKey = (itemKey: string, index: number): string => `${itemKey}:${index}`;

const DB_NAME = 'ea-customer-files';
const STORE = 'files';

const open = (): Promise<IDBDatabase> =>
  new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

const run = async <T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> => {
  const db = await open();
  try {
    return await new Promise<T | undefined>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req ? req.result : undefined);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
};

/** The browser's IndexedDB; a failure to store reads later as a missing file, which the outbox reports in words. */
export const indexedDbBlobStore = (): BlobStore => ({
  put: async (key, blob) => {
    await run('readwrite', (s) => s.put(blob, key));
  },
  get: async (key) => ((await run<Blob | undefined>('readonly', (s) => s.get(key) as IDBRequest<Blob | undefined>)) ?? null),
  remove: async (keys) => {
    if (keys.length) await run('readwrite', (s) => keys.forEach((k) => s.delete(k)));
  },
});
