// Fakes for store tests: an API that answers like docs/api.md says, and an in-memory storage.
import type { StateStorage } from 'zustand/middleware';
import type { UploadFile } from './attachments.ts';
import type { BlobStore } from './blob-store.ts';
import { createCustomerStore } from './store.ts';
import type { AgentCard, ApiInit, MatchView, ServiceRequest } from './types.ts';

export class FakeFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: { code: string; message: string; field?: string },
  ) {
    super(error.message);
  }
}

export const networkDown = () => new FakeFailure(0, { code: 'network', message: 'offline' });

export const agent = (id: string, name: string, capability: number): AgentCard => ({
  id,
  handle: name.toLowerCase().replace(' ', '.'),
  name,
  nameZh: name,
  bio: '',
  bioZh: '',
  languages: ['zh-CN'],
  skills: ['billing'],
  avatarColor: '#333',
  initials: 'XX',
  capability,
  status: 'online',
  available: true,
  rating: { average: null, count: 0 },
  gifts: { count: 0, points: 0 },
  why: null,
});

type Call = { path: string; method: string; body?: unknown; headers?: Record<string, string> };
type Handler = (call: Call) => unknown;

/** Routes `METHOD path` to handlers; a handler may throw a FakeFailure. Unknown routes 404. */
export const fakeApi = (routes: Record<string, Handler>) => {
  const calls: Call[] = [];
  const api = async <T,>(path: string, init: ApiInit = {}): Promise<T> => {
    const call = { path, method: init.method ?? 'GET', body: init.body, headers: init.headers };
    calls.push(call);
    const key = `${call.method} ${path}`;
    const handler = routes[key] ?? Object.entries(routes).find(([k]) => k.endsWith('*') && key.startsWith(k.slice(0, -1)))?.[1];
    if (!handler) throw new FakeFailure(404, { code: 'not_found', message: key });
    return handler(call) as T;
  };
  return { api, calls };
};

export const memoryStorage = (initial: Record<string, string> = {}): StateStorage & { data: Record<string, string> } => {
  const data = { ...initial };
  return {
    data,
    getItem: (k) => data[k] ?? null,
    setItem: (k, v) => {
      data[k] = v;
    },
    removeItem: (k) => {
      delete data[k];
    },
  };
};

/** IndexedDB as a map (the outbox's files). */
export const memoryBlobStore = (): BlobStore & { data: Map<string, Blob> } => {
  const data = new Map<string, Blob>();
  return {
    data,
    put: async (key, blob) => {
      data.set(key, blob);
    },
    get: async (key) => data.get(key) ?? null,
    remove: async (keys) => {
      for (const k of keys) data.delete(k);
    },
  };
};

const noUploads: UploadFile = async () => {
  throw new FakeFailure(404, { code: 'not_found', message: 'no uploads in this test' });
};

/** A store as the page has it after mount: saved state read back (unless `hydrate: false`). */
export const makeStore = (
  api: ReturnType<typeof fakeApi>['api'],
  storage = memoryStorage(),
  opts: { hydrate?: boolean; upload?: UploadFile; blobs?: BlobStore } = {},
) => {
  let n = 0;
  let t = Date.parse('2026-11-24T08:00:00Z');
  const store = createCustomerStore({
    api,
    storage,
    now: () => new Date((t += 1000)),
    newKey: () => `key-${String(++n).padStart(4, '0')}`,
    upload: opts.upload ?? noUploads,
    blobs: opts.blobs ?? memoryBlobStore(),
  });
  // Synchronous storage hydrates synchronously.
  if (opts.hydrate !== false) void store.persist.rehydrate();
  return store;
};

export const request = (id: string, message: string, createdAt = '2026-11-24T09:00:00.000Z'): ServiceRequest => ({
  id,
  message,
  status: 'pending',
  createdAt,
});

export const matchOf = (matchId: string, a: AgentCard | null, remaining = 0, reason?: MatchView['reason']): MatchView => ({
  matchId,
  agent: a,
  remaining,
  ...(reason ? { reason } : {}),
});
