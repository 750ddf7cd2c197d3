import { describe, expect, it } from 'vitest';
import type { UploadFile } from './attachments.ts';
import { NEW_REQUEST_DRAFT, canSendWithMessage, canSendWithRequest, messageDraft } from './drafts-slice.ts';
import { FakeFailure, fakeApi, makeStore, memoryBlobStore, memoryStorage, networkDown, request } from './test-helpers.ts';
import type { ServiceRequest } from './types.ts';

const ME = { id: 'c1', name: 'Zhang San', email: 'z@example.com' };

const picture = (name = 'photo.jpg', bytes = 2048, type = 'image/jpeg') => new File([new Uint8Array(bytes)], name, { type });

/** POST /api/uploads as the contract says: an id per upload; `down` = no connection; `refuse` = a code the server would answer. */
const fakeUploads = () => {
  const state: { down: boolean; refuse: { status: number; code: string } | null; hold: boolean } = { down: false, refuse: null, hold: false };
  const uploaded: { id: string; name: string; bytes: number }[] = [];
  const held: (() => void)[] = [];
  const upload: UploadFile = async (blob, name, { onProgress }) => {
    if (state.down) throw networkDown();
    if (state.refuse) throw new FakeFailure(state.refuse.status, { code: state.refuse.code, message: 'no', field: 'file' });
    onProgress(0.5);
    if (state.hold) await new Promise<void>((resolve) => held.push(resolve));
    const up = { id: `up-${uploaded.length + 1}`, name, bytes: blob.size };
    uploaded.push(up);
    return { ...up, kind: 'image' as const };
  };
  const release = () => held.splice(0).forEach((r) => r());
  return { upload, uploaded, state, release };
};

/** The request and message routes, storing each Idempotency-Key once, with the attachments they were given. */
const fakeServer = () => {
  const stored = new Map<string, ServiceRequest & { attachmentIds: string[] }>();
  const state = { down: false, swept: [] as string[] };
  const { api, calls } = fakeApi({
    'GET /api/customers/me': () => {
      if (state.down) throw networkDown();
      return { customer: ME };
    },
    'GET /api/me/agent': () => ({ agent: null, binding: null }),
    'GET /api/service-requests': () => {
      if (state.down) throw networkDown();
      return { requests: [...stored.values()] };
    },
    'POST /api/service-requests': ({ body, headers }) => {
      if (state.down) throw networkDown();
      const { message, attachments = [] } = body as { message: string; attachments?: string[] };
      if (attachments.some((id) => state.swept.includes(id))) throw new FakeFailure(409, { code: 'conflict', message: 'attach it again', field: 'attachments' });
      const key = headers!['Idempotency-Key']!;
      const made = stored.get(key) ?? { ...request(`r${stored.size + 1}`, message), attachmentIds: attachments };
      stored.set(key, made);
      return { request: made };
    },
    'POST /api/service-requests/r1/messages': ({ body }) => {
      if (state.down) throw networkDown();
      const { body: text, attachments = [] } = body as { body: string; attachments?: string[] };
      return { message: { id: 'm1', requestId: 'r1', author: 'customer', body: text, createdAt: '2026-11-24T09:01:00.000Z', agent: null, attachments: attachments.map((id) => ({ id, kind: 'image', name: id, bytes: 1, url: `/api/uploads/${id}` })) } };
    },
  });
  const posts = () => calls.filter((c) => c.method === 'POST' && c.path === '/api/service-requests');
  const messagePosts = () => calls.filter((c) => c.method === 'POST' && c.path.endsWith('/messages'));
  return { api, stored, state, posts, messagePosts };
};

const setUp = async () => {
  const server = fakeServer();
  const uploads = fakeUploads();
  const blobs = memoryBlobStore();
  const storage = memoryStorage();
  const store = makeStore(server.api, storage, { upload: uploads.upload, blobs });
  await store.getState().load();
  return { server, uploads, blobs, storage, store };
};

const files = (store: Awaited<ReturnType<typeof setUp>>['store'], draft = NEW_REQUEST_DRAFT) => store.getState().drafts[draft] ?? [];
const settled = () => new Promise((r) => setTimeout(r, 0));

describe('picking files', () => {
  it('uploads a picked picture at once, with its progress, and holds the send until it is on the server', async () => {
    const { store, uploads } = await setUp();
    uploads.state.hold = true;
    store.getState().addFiles(NEW_REQUEST_DRAFT, [picture()]);
    await settled();
    expect(files(store)).toEqual([expect.objectContaining({ name: 'photo.jpg', kind: 'image', status: 'uploading', progress: 0.5 })]);
    expect(canSendWithRequest(files(store))).toBe(false);

    uploads.release();
    await settled();
    expect(files(store)).toEqual([expect.objectContaining({ status: 'uploaded', progress: 1, uploadId: 'up-1' })]);
    expect(canSendWithRequest(files(store))).toBe(true);
  });

  it('refuses in words before uploading: too large, not a picture or PDF, more than five', async () => {
    const { store, uploads } = await setUp();
    store.getState().addFiles(NEW_REQUEST_DRAFT, [picture('big.jpg', 10 * 1024 * 1024 + 1), picture('notes.txt', 10, 'text/plain'), picture('scan.pdf', 10, 'application/pdf')]);
    await settled();
    expect(files(store).map((f) => [f.name, f.status, f.error?.code])).toEqual([
      ['big.jpg', 'failed', 'file_too_large'],
      ['notes.txt', 'failed', 'unsupported_file'],
      ['scan.pdf', 'uploaded', undefined],
    ]);
    expect(uploads.uploaded.map((u) => u.name)).toEqual(['scan.pdf']);
    expect(canSendWithRequest(files(store))).toBe(false);

    store.getState().addFiles(NEW_REQUEST_DRAFT, [picture('a.png'), picture('b.png'), picture('c.png')]);
    expect(files(store)).toHaveLength(5);
    expect(store.getState().draftErrors[NEW_REQUEST_DRAFT]).toMatchObject({ code: 'too_many_files' });

    // Removing the refused ones clears the way (and the "too many" note).
    for (const f of files(store).filter((x) => x.status === 'failed')) store.getState().removeFile(NEW_REQUEST_DRAFT, f.id);
    await settled();
    expect(store.getState().draftErrors[NEW_REQUEST_DRAFT]).toBeUndefined();
    expect(canSendWithRequest(files(store))).toBe(true);
  });

  it("shows the server's refusal of a file by its code", async () => {
    const { store, uploads } = await setUp();
    uploads.state.refuse = { status: 422, code: 'unreadable_file' };
    store.getState().addFiles(messageDraft('r1'), [picture('broken.jpg')]);
    await settled();
    expect(files(store, messageDraft('r1'))).toEqual([expect.objectContaining({ status: 'failed', error: expect.objectContaining({ code: 'unreadable_file' }) })]);
    expect(canSendWithMessage(files(store, messageDraft('r1')))).toBe(false);
  });

  it('offline, a picked file waits and uploads when the connection is back', async () => {
    const { store, uploads } = await setUp();
    store.getState().setOnline(false);
    store.getState().addFiles(NEW_REQUEST_DRAFT, [picture()]);
    expect(files(store)).toEqual([expect.objectContaining({ status: 'waiting' })]);
    expect(canSendWithRequest(files(store))).toBe(true);
    expect(canSendWithMessage(files(store))).toBe(false);
    expect(uploads.uploaded).toEqual([]);

    store.getState().setOnline(true);
    store.getState().resumeUploads();
    await settled();
    expect(files(store)).toEqual([expect.objectContaining({ status: 'uploaded', uploadId: 'up-1' })]);
  });

  it('a file removed while uploading is not brought back by its answer', async () => {
    const { store, uploads } = await setUp();
    uploads.state.hold = true;
    store.getState().addFiles(NEW_REQUEST_DRAFT, [picture()]);
    store.getState().removeFile(NEW_REQUEST_DRAFT, files(store)[0]!.id);
    uploads.release();
    await settled();
    expect(files(store)).toEqual([]);
  });
});

describe('a request with files in the outbox', () => {
  it('sends the ids of files already uploaded with the request', async () => {
    const { store, server, uploads, blobs } = await setUp();
    store.getState().addFiles(NEW_REQUEST_DRAFT, [picture('a.jpg'), picture('b.pdf', 10, 'application/pdf')]);
    await settled();
    await store.getState().sendRequest('Broken screen', files(store));
    expect(server.posts().map((c) => c.body)).toEqual([{ message: 'Broken screen', attachments: ['up-1', 'up-2'] }]);
    expect(uploads.uploaded).toHaveLength(2);
    expect(blobs.data.size).toBe(0);
    expect(store.getState().outbox).toEqual([]);
  });

  it('written offline: keeps the file in the blob store, uploads it once when back, then sends the request with it', async () => {
    const { store, server, uploads, blobs, storage } = await setUp();
    server.state.down = true;
    uploads.state.down = true;
    store.getState().setOnline(false);
    store.getState().addFiles(NEW_REQUEST_DRAFT, [picture('cracked.jpg', 4096)]);
    await store.getState().sendRequest('Cracked on arrival', files(store));
    const [item] = store.getState().outbox;
    expect(item).toMatchObject({ status: 'queued', files: [{ name: 'cracked.jpg', kind: 'image', bytes: 4096 }] });
    expect([...blobs.data.keys()]).toEqual([`${item!.key}:0`]);
    // The words and the file's name survive a reload; the bytes are in the blob store, not in localStorage.
    expect(storage.data['ea-customer']).toContain('cracked.jpg');

    // The connection comes back while the server still fails: the file went up, the request did not.
    uploads.state.down = false;
    await store.getState().flushOutbox();
    expect(uploads.uploaded).toHaveLength(1);
    expect(store.getState().outbox[0]!.files![0]).toMatchObject({ uploadId: 'up-1' });
    expect(server.stored.size).toBe(0);

    // The next try sends the request with it and does not upload the file again.
    server.state.down = false;
    await store.getState().flushOutbox();
    expect(uploads.uploaded).toHaveLength(1);
    expect(server.posts().at(-1)).toMatchObject({ body: { message: 'Cracked on arrival', attachments: ['up-1'] }, headers: { 'Idempotency-Key': item!.key } });
    expect(store.getState().outbox).toEqual([]);
    expect(blobs.data.size).toBe(0);
  });

  it('survives a reload with its uploaded id, so the new page does not upload it again', async () => {
    const { server, uploads, blobs, storage, store } = await setUp();
    server.state.down = true;
    store.getState().addFiles(NEW_REQUEST_DRAFT, [picture()]);
    await settled();
    await store.getState().sendRequest('After the reload', files(store));
    expect(store.getState().outbox[0]!.files![0]!.uploadId).toBe('up-1');

    server.state.down = false;
    const again = makeStore(server.api, storage, { upload: uploads.upload, blobs });
    await again.getState().load();
    expect(uploads.uploaded).toHaveLength(1);
    expect([...server.stored.values()].map((r) => r.attachmentIds)).toEqual([['up-1']]);
  });

  it('a file the server refuses marks the request failed with the reason on that file; discarding forgets its bytes', async () => {
    const { store, server, uploads, blobs } = await setUp();
    uploads.state.down = true;
    store.getState().setOnline(false);
    store.getState().addFiles(NEW_REQUEST_DRAFT, [picture('huge.png', 100, 'image/png')]);
    await store.getState().sendRequest('Too many pixels', files(store));

    uploads.state.down = false;
    uploads.state.refuse = { status: 422, code: 'image_too_large' };
    await store.getState().flushOutbox();
    const [item] = store.getState().outbox;
    expect(item).toMatchObject({ status: 'failed', error: { code: 'image_too_large' }, files: [{ name: 'huge.png', error: { code: 'image_too_large' } }] });
    expect(server.posts()).toEqual([]);

    // Trying again clears the reason until the server answers again.
    uploads.state.refuse = null;
    await store.getState().retryOutboxItem(item!.key);
    expect(store.getState().outbox).toEqual([]);
    expect([...server.stored.values()].map((r) => r.attachmentIds)).toEqual([['up-1']]);
    expect(blobs.data.size).toBe(0);
  });

  it('an upload the server swept while the request waited (a day unattached) is uploaded again from the kept bytes, once', async () => {
    const { store, server, uploads, blobs } = await setUp();
    store.getState().addFiles(NEW_REQUEST_DRAFT, [picture('old.jpg')]);
    await settled();
    server.state.down = true;
    await store.getState().sendRequest('Written yesterday', files(store));
    expect(store.getState().outbox[0]!.files![0]!.uploadId).toBe('up-1');
    expect(blobs.data.size).toBe(1);

    server.state.down = false;
    server.state.swept = ['up-1'];
    await store.getState().flushOutbox();
    expect(uploads.uploaded.map((u) => u.id)).toEqual(['up-1', 'up-2']);
    expect([...server.stored.values()].map((r) => r.attachmentIds)).toEqual([['up-2']]);
    expect(store.getState().outbox).toEqual([]);
  });

  it('a file whose bytes this device lost is a failure in words, and the item can be discarded', async () => {
    const { store, server, uploads, blobs } = await setUp();
    server.state.down = true;
    uploads.state.down = true;
    store.getState().setOnline(false);
    store.getState().addFiles(NEW_REQUEST_DRAFT, [picture()]);
    await store.getState().sendRequest('Lost picture', files(store));
    blobs.data.clear();

    server.state.down = false;
    uploads.state.down = false;
    await store.getState().flushOutbox();
    const [item] = store.getState().outbox;
    expect(item).toMatchObject({ status: 'failed', error: { code: 'file_missing' } });
    store.getState().discardOutboxItem(item!.key);
    expect(store.getState().outbox).toEqual([]);
  });
});

describe('a message with files', () => {
  it('sends the uploaded ids, may have no words, and a retry of the same keeps its key', async () => {
    const { store, server } = await setUp();
    store.getState().upsertRequest({ ...request('r1', 'Hello'), status: 'acknowledged' });
    store.getState().addFiles(messageDraft('r1'), [picture()]);
    await settled();
    const ids = files(store, messageDraft('r1')).map((f) => f.uploadId!);

    server.state.down = true;
    expect(await store.getState().sendMessage('r1', '', ids)).toMatchObject({ code: 'network' });
    server.state.down = false;
    expect(await store.getState().sendMessage('r1', '', ids)).toBeNull();
    const [first, second] = server.messagePosts();
    expect(second!.body).toEqual({ body: '', attachments: ['up-1'] });
    expect(second!.headers!['Idempotency-Key']).toBe(first!.headers!['Idempotency-Key']);
    expect(store.getState().requests[0]!.messages).toEqual([expect.objectContaining({ body: '', attachments: [expect.objectContaining({ id: 'up-1' })] })]);
  });
});
