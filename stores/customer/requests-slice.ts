import { isNetworkError, toStoreError } from './errors.ts';
import { newestAgentWords } from './read-marks-slice.ts';
import type { CustomerStoreDeps, SliceCreator } from './store-types.ts';
import type { AgentCard, RequestMessage, RequestStatus, RequestUpdate, ServiceRequest, StoreError } from './types.ts';

/** Enough history for a phone screen; the server keeps the rest. */
export const KEEP_REQUESTS = 50;

export type RequestsSlice = {
  requests: ServiceRequest[];
  requestsStatus: 'idle' | 'loading' | 'ready' | 'error';
  requestsError: StoreError | null;
  /** Live updates for requests not in the list yet (the update can beat the POST's answer). */
  laterStatus: Record<string, RequestStatus>;
  loadRequests: () => Promise<void>;
  upsertRequest: (request: ServiceRequest) => void;
  applyStatus: (update: RequestUpdate) => void;
  /** A message of a request's thread (the agent's, or mine from another tab), live; each id once, in order. */
  applyMessage: (message: RequestMessage) => void;
  /**
   * Adds my message to an open request; resolves with an error to show, or null once stored. Sending
   * the same words (and files) again after a failure reuses their Idempotency-Key, so a lost answer never
   * doubles them. `attachments`: ids of files already uploaded; with them the words may be empty.
   */
  sendMessage: (id: string, body: string, attachments?: readonly string[]) => Promise<StoreError | null>;
  /** My agent has read my words up to `readUpTo` (live, `service-request:read`); it only moves on. */
  applyRead: (read: { id: string; readUpTo: string }) => void;
  /** My agent cannot answer now: let the next best agent cover (the binding stays). */
  takeCover: (id: string) => Promise<void>;
  /** …or wait for my own agent. */
  waitForAgent: (id: string) => Promise<void>;
  coverError: StoreError | null;
};

const STATUS_ORDER: RequestStatus[] = ['pending', 'delivered', 'acknowledged', 'resolved'];

const newestFirst = (a: ServiceRequest, b: ServiceRequest) => b.createdAt.localeCompare(a.createdAt);

const furthest = (a: RequestStatus, b: RequestStatus | undefined): RequestStatus =>
  b && STATUS_ORDER.indexOf(b) > STATUS_ORDER.indexOf(a) ? b : a;

const laterTime = (a: string | null | undefined, b: string | null | undefined): string | null => (!a ? (b ?? null) : !b || a >= b ? a : b);

const withoutKey = (record: Record<string, RequestStatus>, key: string) => {
  const { [key]: _dropped, ...rest } = record;
  return rest;
};

export const createRequestsSlice =
  (deps: CustomerStoreDeps): SliceCreator<RequestsSlice> =>
  (set, get) => {
    /** Words that failed to send, per request, with the key to send them again under. */
    const unsent = new Map<string, { what: string; key: string }>();
    return {
    requests: [],
    requestsStatus: 'idle',
    requestsError: null,
    laterStatus: {},
    loadRequests: async () => {
      // Send what waits first: a request the server stored but never confirmed (lost answer) would
      // otherwise be listed twice, once from the server and once from the outbox.
      await get().flushOutbox();
      // Read marks made offline go too (they wait in pendingMarks like requests in the outbox).
      void get().flushMarks();
      set((s) => ({ requestsStatus: s.requests.length ? s.requestsStatus : 'loading', requestsError: null }));
      try {
        const { requests } = await deps.api<{ requests: ServiceRequest[] }>('/api/service-requests');
        set((s) => ({
          requests: requests.slice(0, KEEP_REQUESTS).map((r) => {
            const known = s.requests.find((k) => k.id === r.id);
            // The routing answer exists only on this device: keep it across reloads.
            return {
              ...r,
              status: furthest(r.status, s.laterStatus[r.id]),
              readUpTo: laterTime(r.readUpTo, known?.readUpTo),
              // A list that left before my read mark's answer arrived does not move it back.
              customerDeliveredUpTo: laterTime(r.customerDeliveredUpTo, known?.customerDeliveredUpTo),
              customerReadUpTo: laterTime(r.customerReadUpTo, known?.customerReadUpTo),
              ...(known?.routing ? { routing: known.routing } : {}),
            };
          }),
          requestsStatus: 'ready',
        }));
        // This device now has the agents' words of the open requests: "delivered" (only news is sent;
        // resolved ones are left alone so a long history is not reported all at once).
        for (const r of get().requests.filter((x) => x.status !== 'resolved')) {
          const newest = newestAgentWords(r);
          if (newest) get().noteSeen(r.id, { deliveredUpTo: newest });
        }
      } catch (err) {
        const error = toStoreError(err);
        set({ requestsStatus: 'error', requestsError: error, ...(isNetworkError(error) ? { reachable: false } : {}) });
      }
    },
    upsertRequest: (request) =>
      set((s) => {
        const known = s.requests.find((r) => r.id === request.id);
        const status = furthest(furthest(request.status, known?.status), s.laterStatus[request.id]);
        return {
          requests: [{ ...known, ...request, status }, ...s.requests.filter((r) => r.id !== request.id)].sort(newestFirst).slice(0, KEEP_REQUESTS),
          requestsStatus: 'ready',
          laterStatus: withoutKey(s.laterStatus, request.id),
        };
      }),
    // Updates race with answers and reloads: a status never goes backwards, and one for a request
    // we do not list yet is kept until it appears.
    applyStatus: ({ id, status, agentId, cover, holdReason, agent }) =>
      set((s) =>
        s.requests.some((r) => r.id === id)
          ? {
              requests: s.requests.map((r) =>
                r.id === id
                  ? {
                      ...r,
                      // A move to another agent (or back) starts it again: pending is then the truth.
                      status: agentId && agentId !== r.agentId ? status : furthest(r.status, status),
                      ...(agentId ? { agentId, cover: Boolean(cover) } : {}),
                      ...(holdReason !== undefined ? { holdReason } : {}),
                      ...(agent ? { agent } : {}),
                    }
                  : r,
              ),
            }
          : { laterStatus: { ...s.laterStatus, [id]: furthest(status, s.laterStatus[id]) } },
      ),
    applyMessage: (m) => {
      set((s) => ({
        requests: s.requests.map((r) =>
          r.id === m.requestId && !r.messages?.some((x) => x.id === m.id)
            ? { ...r, messages: [...(r.messages ?? []), m].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)) }
            : r,
        ),
      }));
      // My agent's words reached this device: my agent sees "delivered".
      if (m.author === 'agent' && get().requests.some((r) => r.id === m.requestId)) get().noteSeen(m.requestId, { deliveredUpTo: m.createdAt });
    },
    sendMessage: async (id, body, attachments = []) => {
      const earlier = unsent.get(id);
      const what = JSON.stringify([body, attachments]);
      const key = earlier?.what === what ? earlier.key : deps.newKey();
      unsent.set(id, { what, key });
      try {
        const { message } = await deps.api<{ message: RequestMessage }>(`/api/service-requests/${id}/messages`, {
          method: 'POST',
          body: { body, ...(attachments.length ? { attachments } : {}) },
          headers: { 'Idempotency-Key': key },
        });
        unsent.delete(id);
        get().applyMessage(message);
        return null;
      } catch (err) {
        return toStoreError(err);
      }
    },
    applyRead: ({ id, readUpTo }) =>
      set((s) =>
        s.requests.some((r) => r.id === id && laterTime(r.readUpTo, readUpTo) !== r.readUpTo)
          ? { requests: s.requests.map((r) => (r.id === id ? { ...r, readUpTo: laterTime(r.readUpTo, readUpTo) } : r)) }
          : {},
      ),
    coverError: null,
    takeCover: async (id) => {
      set({ coverError: null });
      try {
        const { request, agent } = await deps.api<{ request: ServiceRequest; agent: AgentCard }>(`/api/service-requests/${id}/cover`, { method: 'POST' });
        set((s) => ({
          requests: s.requests.map((r) => (r.id === id ? { ...r, ...request, agent: { id: agent.id, name: agent.name, nameZh: agent.nameZh } } : r)),
        }));
      } catch (err) {
        set({ coverError: toStoreError(err) });
      }
    },
    waitForAgent: async (id) => {
      set({ coverError: null });
      try {
        const { request } = await deps.api<{ request: ServiceRequest }>(`/api/service-requests/${id}/wait`, { method: 'POST' });
        set((s) => ({ requests: s.requests.map((r) => (r.id === id ? { ...r, ...request } : r)) }));
      } catch (err) {
        set({ coverError: toStoreError(err) });
      }
    },
    };
  };
