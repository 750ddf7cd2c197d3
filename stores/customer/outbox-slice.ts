import { outboxFileKey } from './blob-store.ts';
import type { DraftFile } from './drafts-slice.ts';
import { isTransient, toStoreError } from './errors.ts';
import type { OutboxFile, OutboxItem } from './outbox.ts';
import { applyOutcomes, sendQueued } from './outbox.ts';
import type { CustomerStoreDeps, SliceCreator } from './store-types.ts';
import type { Routing, ServiceRequest } from './types.ts';

export type OutboxSlice = {
  outbox: OutboxItem[];
  /**
   * Keeps the request (with its idempotency key, and its files' bytes in the blob store) first, then
   * tries to send it.
   */
  sendRequest: (message: string, files?: readonly DraftFile[]) => Promise<void>;
  /** Sends whatever is queued; concurrent calls share one run. */
  flushOutbox: () => Promise<void>;
  retryOutboxItem: (key: string) => Promise<void>;
  discardOutboxItem: (key: string) => void;
};

export const createOutboxSlice =
  (deps: CustomerStoreDeps): SliceCreator<OutboxSlice> =>
  (set, get) => {
    let running: Promise<void> | null = null;

    const setFile = (key: string, index: number, change: Partial<OutboxFile>) =>
      set((s) => ({
        outbox: s.outbox.map((i) => (i.key === key && i.files ? { ...i, files: i.files.map((f, n) => (n === index ? { ...f, ...change } : f)) } : i)),
      }));

    /** Uploads the files still on this device, one by one, remembering each id as soon as it is known. */
    const uploadFiles = async (item: OutboxItem): Promise<string[]> => {
      const ids: string[] = [];
      for (const [index, file] of (item.files ?? []).entries()) {
        if (file.uploadId) {
          ids.push(file.uploadId);
          continue;
        }
        try {
          const blob = await deps.blobs.get(outboxFileKey(item.key, index)).catch(() => null);
          // Storage cleared, or the browser would not keep it: nothing to send, and no retry brings it back.
          if (!blob) throw Object.assign(new Error('file missing'), { status: 410, error: { code: 'file_missing', field: 'file' } });
          const upload = await deps.upload(blob, file.name, { onProgress: () => {} });
          setFile(item.key, index, { uploadId: upload.id });
          ids.push(upload.id);
        } catch (err) {
          const error = toStoreError(err);
          if (!isTransient(error)) setFile(item.key, index, { error });
          throw err;
        }
      }
      return ids;
    };

    const post = async (item: OutboxItem) => {
      const attachments = await uploadFiles(item);
      const r = await deps.api<{ request: ServiceRequest; routing?: Routing }>('/api/service-requests', {
        method: 'POST',
        body: { message: item.message, ...(attachments.length ? { attachments } : {}) },
        headers: { 'Idempotency-Key': item.key },
      });
      return { ...r.request, ...(r.routing ? { routing: r.routing } : {}) };
    };

    const isStaleUpload = (err: unknown) => {
      const e = toStoreError(err);
      return e.status === 409 && e.field === 'attachments';
    };

    // An upload not attached within a day is removed by the server, which then refuses its id (409 on
    // `attachments`): a request that waited that long on this device sends its kept bytes again, once.
    const send = async (item: OutboxItem) => {
      try {
        return await post(item);
      } catch (err) {
        if (!item.files?.some((f) => f.uploadId) || !isStaleUpload(err)) throw err;
        set((s) => ({ outbox: s.outbox.map((i) => (i.key === item.key && i.files ? { ...i, files: i.files.map(({ uploadId: _stale, ...f }) => f) } : i)) }));
        return post(get().outbox.find((i) => i.key === item.key) ?? item);
      }
    };

    const forgetFiles = (item: OutboxItem | undefined) => {
      if (item?.files?.length) void deps.blobs.remove(item.files.map((_, i) => outboxFileKey(item.key, i))).catch(() => {});
    };

    const flushOnce = async () => {
      const { customerId, outbox } = get();
      if (!customerId || !outbox.some((i) => i.status === 'queued' && i.customerId === customerId)) return;
      const outcomes = await sendQueued({ items: outbox, customerId, send });
      for (const o of outcomes) if (o.kind === 'sent') forgetFiles(get().outbox.find((i) => i.key === o.key));
      set((s) => ({ outbox: applyOutcomes(s.outbox, outcomes) }));
      for (const o of outcomes) if (o.kind === 'sent') get().upsertRequest(o.request);
      const lastError = [...outcomes].reverse().find((o) => o.kind === 'kept');
      if (lastError) get().setReachable(false);
      else if (outcomes.length) get().setReachable(true);
    };

    // One run at a time: a second call while a run is under way shares it (see sendRequest for
    // items added meanwhile). Two tabs may still both send an item: its key makes that harmless.
    const flushOutbox = () => {
      running ??= flushOnce().finally(() => {
        running = null;
      });
      return running;
    };

    return {
      outbox: [],
      sendRequest: async (message, files = []) => {
        const customerId = get().customerId;
        if (!customerId) return;
        const key = deps.newKey();
        const item: OutboxItem = {
          key,
          customerId,
          message,
          createdAt: deps.now().toISOString(),
          status: 'queued',
          ...(files.length ? { files: files.map((f) => ({ name: f.name, kind: f.kind, bytes: f.bytes, ...(f.uploadId ? { uploadId: f.uploadId } : {}) })) } : {}),
        };
        // The bytes are kept before the item exists, so no run finds it without them — uploaded ones too,
        // in case their upload is gone by the time the request can be sent (see `send`).
        await Promise.all(files.map((f, i) => deps.blobs.put(outboxFileKey(key, i), f.blob).catch(() => {})));
        set((s) => ({ outbox: [...s.outbox, item] }));
        // A run already under way took its snapshot before this item existed: wait, then run again.
        if (running) await running.catch(() => {});
        await flushOutbox();
      },
      flushOutbox,
      retryOutboxItem: async (key) => {
        const again = (i: OutboxItem): OutboxItem => ({
          ...i,
          status: 'queued',
          error: undefined,
          ...(i.files ? { files: i.files.map(({ error: _refused, ...f }) => f) } : {}),
        });
        set((s) => ({ outbox: s.outbox.map((i) => (i.key === key ? again(i) : i)) }));
        await flushOutbox();
      },
      discardOutboxItem: (key) => {
        forgetFiles(get().outbox.find((i) => i.key === key));
        set((s) => ({ outbox: s.outbox.filter((i) => i.key !== key) }));
      },
    };
  };
