'use client';

import { useCallback, useEffect, useRef } from 'react';
import { api, ApiFailure } from '../../_components/api';
import { useAgentConsole } from '../../../stores/agent/store';
import { useConsoleCallbacks, type ConsoleCallback } from '../../../stores/agent/callbacks';
import type { ConsoleRequest, FeedbackTotals, GiftView, MyCustomer, RatingView } from '../../../stores/agent/types';
import type { ClientSocket, WorkAnswer, WorkBody, WorkEvent } from '../../../lib/realtime/events.ts';
import { startOfToday } from '../../../stores/agent/inbox';

/** What a work event answers when the socket is closed or the server does not answer in time. */
export type NetworkFailure = { ok: false; error: { code: 'network'; message: string } };
const networkFailure = (message: string): NetworkFailure => ({ ok: false, error: { code: 'network', message } });

/** One sender per work event, each typed by the event map; `emit` picks one by name. */
type WorkSenders = { [E in WorkEvent]: (body: WorkBody<E>) => Promise<WorkAnswer<E>> };
const workSenders = (socket: ClientSocket): WorkSenders => {
  const s = socket.timeout(10_000);
  return {
    'service-request:ack': (body) => s.emitWithAck('service-request:ack', body),
    'service-request:resolve': (body) => s.emitWithAck('service-request:resolve', body),
    'service-request:decline': (body) => s.emitWithAck('service-request:decline', body),
    'service-request:reply': (body) => s.emitWithAck('service-request:reply', body),
    'service-request:read': (body) => s.emitWithAck('service-request:read', body),
  };
};

const ACTIVITY_EVERY_MS = 15_000;

/**
 * The console's live link: loads the open requests and customers, keeps a socket to the agent's
 * room, and turns every event into a store change. Missed events are covered by reloading the list
 * on every (re)connect, so nothing depends on having been connected at the right moment.
 */
export function useAgentSocket(opts: { onFresh: (fresh: ConsoleRequest[]) => void; onWithdrawn: () => void; onCallbackDue?: (c: ConsoleCallback) => void }) {
  // The socket belongs to the signed-in agent, not to their status: a status change must not reconnect it.
  const agentId = useAgentConsole((s) => s.agent?.id ?? null);
  const expired = useAgentConsole((s) => s.expired);
  const socketRef = useRef<ClientSocket | null>(null);
  const handlers = useRef(opts);
  handlers.current = opts;

  const onAuthError = useCallback((err: unknown) => {
    if (err instanceof ApiFailure && err.status === 401) useAgentConsole.getState().setExpired(true);
  }, []);

  const reload = useCallback(async () => {
    const store = useAgentConsole.getState();
    try {
      const [{ requests }, { customers }, { callbacks }] = await Promise.all([
        // Open ones and what I resolved since my midnight (the list's "resolved today").
        api<{ requests: ConsoleRequest[] }>(`/api/agent/requests?resolvedSince=${encodeURIComponent(startOfToday())}`),
        api<{ customers: MyCustomer[] }>('/api/agent/customers'),
        api<{ callbacks: ConsoleCallback[] }>('/api/agent/callbacks'),
      ]);
      useConsoleCallbacks.getState().replace(callbacks);
      const fresh = store.upsertRequests(requests);
      // What is no longer ours (moved to a cover, resolved elsewhere) leaves the screen.
      const open = new Set(requests.map((r) => r.id));
      for (const id of useAgentConsole.getState().order) {
        if (!open.has(id) && useAgentConsole.getState().requests[id]!.status !== 'resolved') store.removeRequest(id);
      }
      store.setCustomers(customers);
      store.setListState('ready');
      // Ratings and gifts are a side panel: a failure there must not fail the request list.
      api<FeedbackTotals & { recentRatings: RatingView[]; recentGifts: GiftView[] }>('/api/agent/feedback')
        .then((f) => useAgentConsole.getState().setFeedback({ rating: f.rating, gifts: f.gifts }, f.recentRatings, f.recentGifts))
        .catch(() => {});
      handlers.current.onFresh(requests.filter((r) => fresh.includes(r.id) && (r.status === 'pending' || r.status === 'delivered')));
    } catch (err) {
      onAuthError(err);
      if (useAgentConsole.getState().listState !== 'ready') store.setListState('error');
      throw err;
    }
  }, [onAuthError]);

  useEffect(() => {
    if (!agentId || expired) return;
    let cancelled = false;
    let lastActivity = 0;
    const activity = () => {
      const now = Date.now();
      if (now - lastActivity < ACTIVITY_EVERY_MS) return;
      lastActivity = now;
      socketRef.current?.emit('presence:active');
    };
    const onVisible = () => document.visibilityState === 'visible' && activity();

    import('socket.io-client').then(({ io }) => {
      if (cancelled) return;
      const socket: ClientSocket = io({ withCredentials: true });
      const store = useAgentConsole.getState;
      socket.on('connect', () => {
        store().setConnected(true);
        reload().catch(() => {});
      });
      socket.on('disconnect', () => store().setConnected(false));
      socket.on('connect_error', (err) => {
        if (err.message === 'unauthenticated') {
          store().setExpired(true);
          socket.disconnect();
        }
      });
      socket.on('service-request:new', (alert, received) => {
        const fresh = store().upsertRequests([alert]);
        received?.(true);
        if (fresh.length) {
          handlers.current.onFresh([alert]);
          // A request that waited (held, or moved from another agent) may already have a thread: read it.
          reload().catch(() => {});
        }
        // A customer who chose me since the list was loaded: refresh "my customers".
        if (!alert.cover && !store().customers?.some((c) => c.customer.id === alert.customer.id)) {
          api<{ customers: MyCustomer[] }>('/api/agent/customers')
            .then(({ customers }) => store().setCustomers(customers))
            .catch(onAuthError);
        }
      });
      socket.on('service-request:update', (u) => store().updateStatus(u.id, u.status));
      socket.on('service-request:withdrawn', ({ id }) => {
        if (!store().requests[id]) return;
        store().removeRequest(id);
        handlers.current.onWithdrawn();
      });
      socket.on('service-request:message', (m) => store().addMessage(m));
      // Read in another tab of mine: the counts here follow.
      socket.on('service-request:read', ({ id, readUpTo }) => store().markRead(id, readUpTo));
      // The customer's app received or showed my words: sent → delivered → read, live.
      socket.on('service-request:customer-read', (r) => store().applyCustomerRead(r));
      // A call the customer moved to a cover agent is no longer mine: upsert drops it.
      socket.on('callback:changed', (c) => useConsoleCallbacks.getState().upsert(c, agentId));
      socket.on('callback:due', (c) => {
        useConsoleCallbacks.getState().markDue(c);
        handlers.current.onCallbackDue?.(c);
      });
      socket.on('agent:status', ({ status }) => store().setStatus(status));
      socket.on('rating:new', (r) => store().addRating(r));
      socket.on('gift:new', (g) => store().addGift(g));
      socketRef.current = socket;
    });
    window.addEventListener('pointerdown', activity);
    window.addEventListener('keydown', activity);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      cancelled = true;
      window.removeEventListener('pointerdown', activity);
      window.removeEventListener('keydown', activity);
      document.removeEventListener('visibilitychange', onVisible);
      socketRef.current?.disconnect();
      socketRef.current = null;
      useAgentConsole.getState().setConnected(false);
    };
  }, [agentId, expired, reload, onAuthError]);

  /** Emits a work event and resolves with its answer; a closed socket answers like a network error. */
  const emit = useCallback(<E extends WorkEvent>(event: E, body: WorkBody<E>): Promise<WorkAnswer<E> | NetworkFailure> => {
    const socket = socketRef.current;
    if (!socket?.connected) return Promise.resolve(networkFailure('offline'));
    const send: WorkSenders[E] = workSenders(socket)[event];
    return send(body).catch(() => networkFailure('timeout'));
  }, []);

  return { emit, reload };
}
