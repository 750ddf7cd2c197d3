import type { OutboxItem } from './outbox.ts';
import { applyOutcomes, sendQueued } from './outbox.ts';
import type { CustomerStoreDeps, SliceCreator } from './store-types.ts';
import type { Routing, ServiceRequest } from './types.ts';

export type OutboxSlice = {
  outbox: OutboxItem[];
  /** Keeps the request (with its idempotency key) first, then tries to send it. */
  sendRequest: (message: string) => Promise<void>;
  /** Sends whatever is queued; concurrent calls share one run. */
  flushOutbox: () => Promise<void>;
  retryOutboxItem: (key: string) => Promise<void>;
  discardOutboxItem: (key: string) => void;
};

export const createOutboxSlice =
  (deps: CustomerStoreDeps): SliceCreator<OutboxSlice> =>
  (set, get) => {
    let running: Promise<void> | null = null;

    const send = (item: OutboxItem) =>
      deps
        .api<{ request: ServiceRequest; routing?: Routing }>('/api/service-requests', {
          method: 'POST',
          body: { message: item.message },
          headers: { 'Idempotency-Key': item.key },
        })
        .then((r) => ({ ...r.request, ...(r.routing ? { routing: r.routing } : {}) }));

    const flushOnce = async () => {
      const { customerId, outbox } = get();
      if (!customerId || !outbox.some((i) => i.status === 'queued' && i.customerId === customerId)) return;
      const outcomes = await sendQueued({ items: outbox, customerId, send });
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
      sendRequest: async (message) => {
        const customerId = get().customerId;
        if (!customerId) return;
        const item: OutboxItem = { key: deps.newKey(), customerId, message, createdAt: deps.now().toISOString(), status: 'queued' };
        set((s) => ({ outbox: [...s.outbox, item] }));
        // A run already under way took its snapshot before this item existed: wait, then run again.
        if (running) await running.catch(() => {});
        await flushOutbox();
      },
      flushOutbox,
      retryOutboxItem: async (key) => {
        set((s) => ({ outbox: s.outbox.map((i) => (i.key === key ? { ...i, status: 'queued' as const, error: undefined } : i)) }));
        await flushOutbox();
      },
      discardOutboxItem: (key) => set((s) => ({ outbox: s.outbox.filter((i) => i.key !== key) })),
    };
  };
