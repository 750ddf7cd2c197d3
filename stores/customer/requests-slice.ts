import { isNetworkError, toStoreError } from './errors.ts';
import type { CustomerStoreDeps, SliceCreator } from './store-types.ts';
import type { RequestStatus, ServiceRequest, StoreError } from './types.ts';

/** Enough history for a phone screen; the server keeps the rest. */
export const KEEP_REQUESTS = 50;

export type RequestsSlice = {
  requests: ServiceRequest[];
  requestsStatus: 'idle' | 'loading' | 'ready' | 'error';
  requestsError: StoreError | null;
  loadRequests: () => Promise<void>;
  upsertRequest: (request: ServiceRequest) => void;
  applyStatus: (update: { id: string; status: RequestStatus }) => void;
};

const STATUS_ORDER: RequestStatus[] = ['pending', 'delivered', 'acknowledged', 'resolved'];

const newestFirst = (a: ServiceRequest, b: ServiceRequest) => b.createdAt.localeCompare(a.createdAt);

export const createRequestsSlice =
  (deps: CustomerStoreDeps): SliceCreator<RequestsSlice> =>
  (set) => ({
    requests: [],
    requestsStatus: 'idle',
    requestsError: null,
    loadRequests: async () => {
      set((s) => ({ requestsStatus: s.requests.length ? s.requestsStatus : 'loading', requestsError: null }));
      try {
        const { requests } = await deps.api<{ requests: ServiceRequest[] }>('/api/service-requests');
        set({ requests: requests.slice(0, KEEP_REQUESTS), requestsStatus: 'ready' });
      } catch (err) {
        const error = toStoreError(err);
        set({ requestsStatus: 'error', requestsError: error, ...(isNetworkError(error) ? { reachable: false } : {}) });
      }
    },
    upsertRequest: (request) =>
      set((s) => ({
        requests: [request, ...s.requests.filter((r) => r.id !== request.id)].sort(newestFirst).slice(0, KEEP_REQUESTS),
        requestsStatus: 'ready',
      })),
    // Live updates can arrive out of order with a reload: a status never goes backwards.
    applyStatus: ({ id, status }) =>
      set((s) => ({
        requests: s.requests.map((r) =>
          r.id === id && STATUS_ORDER.indexOf(status) > STATUS_ORDER.indexOf(r.status) ? { ...r, status } : r,
        ),
      })),
  });
