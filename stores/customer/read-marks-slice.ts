import { isTransient, toStoreError } from './errors.ts';
import type { CustomerStoreDeps, SliceCreator } from './store-types.ts';
import type { ServiceRequest } from './types.ts';

/** How far this device has the agents' words of one request: received, and shown on a visible screen. */
export type ReadMark = { deliveredUpTo?: string; readUpTo?: string };

export type ReadMarksSlice = {
  /**
   * Marks the server has not confirmed yet, per request (persisted): made offline, or their answer was
   * lost; sent again when the app is back online, like the outbox.
   */
  pendingMarks: Record<string, ReadMark>;
  /**
   * This device received (`deliveredUpTo`) or showed (`readUpTo`) the agents' words of request `id` up
   * to that time (the newest one's `createdAt`). Only news is kept and sent; the server's answer is
   * what the agent sees (`POST /api/service-requests/{id}/read`).
   */
  noteSeen: (id: string, mark: ReadMark) => void;
  /** Sends what waits; concurrent calls share one run, and a mark noted meanwhile gets its own run after it. */
  flushMarks: () => Promise<void>;
};

const later = (a: string | null | undefined, b: string | null | undefined): string | undefined => (!a ? (b ?? undefined) : !b || a >= b ? a : b);

/** The newest of the agents' messages in a request's thread (what "delivered" and "read" point at). */
export const newestAgentWords = (r: Pick<ServiceRequest, 'messages'>): string | undefined =>
  (r.messages ?? []).reduce<string | undefined>((at, m) => (m.author === 'agent' ? later(at, m.createdAt) : at), undefined);

/** Is `mark` news beyond what the server already said for this request? */
const isNews = (r: ServiceRequest | undefined, mark: ReadMark): boolean =>
  (!!mark.readUpTo && (!r?.customerReadUpTo || mark.readUpTo > r.customerReadUpTo)) ||
  (!!mark.deliveredUpTo && (!r?.customerDeliveredUpTo || mark.deliveredUpTo > r.customerDeliveredUpTo));

export const createReadMarksSlice =
  (deps: CustomerStoreDeps): SliceCreator<ReadMarksSlice> =>
  (set, get) => {
    let running: Promise<void> | null = null;
    let waiting: Promise<void> | null = null;

    const flushOnce = async () => {
      for (const [id, mark] of Object.entries(get().pendingMarks)) {
        if (!get().online) return;
        try {
          const { request } = await deps.api<{ request: { id: string; deliveredUpTo: string | null; readUpTo: string | null } }>(`/api/service-requests/${id}/read`, {
            method: 'POST',
            body: mark,
          });
          set((s) => {
            const { [id]: current, ...rest } = s.pendingMarks;
            // A mark noted while this one was on its way stays for the next run.
            const settled = current?.deliveredUpTo === mark.deliveredUpTo && current?.readUpTo === mark.readUpTo;
            return {
              pendingMarks: settled ? rest : s.pendingMarks,
              requests: s.requests.map((r) =>
                r.id === id ? { ...r, customerDeliveredUpTo: later(r.customerDeliveredUpTo, request.deliveredUpTo) ?? null, customerReadUpTo: later(r.customerReadUpTo, request.readUpTo) ?? null } : r,
              ),
              reachable: true,
            };
          });
        } catch (err) {
          const error = toStoreError(err);
          // No network, or server trouble: keep it (and the rest) for the next try.
          if (isTransient(error)) {
            if (error.status === 0) get().setReachable(false);
            return;
          }
          // Refused for good (the request is gone, not mine any more): nothing to retry.
          set((s) => {
            const { [id]: _dropped, ...rest } = s.pendingMarks;
            return { pendingMarks: rest };
          });
        }
      }
    };

    // One run at a time, and at most one more waiting behind it: every call made while a run is under
    // way is answered by the next run, which starts after it and so sends whatever was noted meanwhile.
    const flushMarks = (): Promise<void> => {
      if (waiting) return waiting;
      const next: Promise<void> = (running ?? Promise.resolve()).then(() => {
        waiting = null;
        running = next;
        return flushOnce().finally(() => {
          if (running === next) running = null;
        });
      });
      waiting = next;
      return next;
    };

    return {
      pendingMarks: {},
      noteSeen: (id, mark) => {
        const known = get().requests.find((r) => r.id === id);
        const pending = get().pendingMarks[id] ?? {};
        const merged: ReadMark = {};
        const delivered = later(later(pending.deliveredUpTo, mark.deliveredUpTo), mark.readUpTo);
        const read = later(pending.readUpTo, mark.readUpTo);
        if (delivered) merged.deliveredUpTo = delivered;
        if (read) merged.readUpTo = read;
        if (!isNews(known, merged)) return;
        if (merged.deliveredUpTo === pending.deliveredUpTo && merged.readUpTo === pending.readUpTo) return;
        set((s) => ({ pendingMarks: { ...s.pendingMarks, [id]: merged } }));
        if (get().online) void flushMarks();
      },
      flushMarks,
    };
  };
