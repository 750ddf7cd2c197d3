'use client';

import { createContext, useContext, useEffect, useState } from 'react';
import { useMyCallbacks, type MyCallback } from '../../../stores/customer/callbacks';
import { useStore } from 'zustand';
import { api } from '../api';
import { indexedDbBlobStore } from '@/stores/customer/blob-store.ts';
import { newIdempotencyKey } from '@/stores/customer/keys.ts';
import { uploadWithXhr } from '@/stores/customer/upload-xhr.ts';
import { PERSIST_KEY } from '@/stores/customer/persisted.ts';
import { exchangeSignInLink, takeSignInLink, type SignInLink } from '@/stores/customer/sign-in-link.ts';
import { createCustomerStore, type CustomerState, type CustomerStore } from '@/stores/customer/store.ts';
import type { ClientSocket } from '@/lib/realtime/events.ts';

const StoreContext = createContext<CustomerStore | null>(null);

/** The sign-in link this page was opened with, taken from the address once per page load. */
let pendingLink: SignInLink | null | undefined;

/** While requests wait in the outbox (or read marks to be sent) and the browser claims to be online, look again this often. */
const OUTBOX_RETRY_MS = 30_000;

/**
 * Creates the customer store once per page (never on the server), restores what this device saved,
 * then loads the truth from the server and keeps it fresh: online/offline, other tabs, live status.
 */
export function CustomerStoreProvider({ children, firstVisit = false }: { children: React.ReactNode; firstVisit?: boolean }) {
  // A first visit has no session to load: the intro renders at once (server and client alike); load()
  // still runs after mounting and confirms it.
  const [store] = useState(() => createCustomerStore({ api, now: () => new Date(), newKey: newIdempotencyKey, upload: uploadWithXhr, blobs: indexedDbBlobStore(), firstVisit }));

  useEffect(() => {
    const state = () => store.getState();
    let cancelled = false;
    // A sign-in link (the shop's identity, a handoff code, a mailed link) leaves the address bar at
    // once and is exchanged before loading, so the load finds the person's agent and history.
    if (pendingLink === undefined) pendingLink = takeSignInLink(window);
    void Promise.resolve(store.persist.rehydrate()).then(async () => {
      if (cancelled) return;
      state().setOnline(navigator.onLine);
      const link = pendingLink;
      pendingLink = null; // used once, even when effects run twice (React's development checks)
      if (link) state().setAccountNotice(await exchangeSignInLink(api, link));
      if (!cancelled) void state().load();
    });

    // `load` re-reads session, agent and requests, then sends the outbox; picked files that waited upload.
    const onOnline = () => {
      state().setOnline(true);
      state().resumeUploads();
      void state().load();
    };
    const onOffline = () => state().setOnline(false);
    const onVisible = () => {
      if (document.visibilityState !== 'visible' || !navigator.onLine) return;
      void state().flushOutbox();
      void state().flushMarks();
    };
    // Another tab chose an agent or queued a request: follow what it saved.
    const onStorage = (e: StorageEvent) => {
      if (e.key === PERSIST_KEY) void store.persist.rehydrate();
    };
    const retry = window.setInterval(() => {
      if (!navigator.onLine) return;
      if (state().outbox.some((i) => i.status === 'queued')) void state().flushOutbox();
      if (Object.keys(state().pendingMarks).length) void state().flushMarks();
      state().resumeUploads();
    }, OUTBOX_RETRY_MS);

    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    window.addEventListener('storage', onStorage);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      cancelled = true;
      window.clearInterval(retry);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('storage', onStorage);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [store]);

  return (
    <StoreContext.Provider value={store}>
      <LiveRequestStatus store={store} />
      {children}
    </StoreContext.Provider>
  );
}

/** Live status of my requests. socket.io-client is loaded only once there is a customer to listen for. */
function LiveRequestStatus({ store }: { store: CustomerStore }) {
  const customerId = useStore(store, (s) => s.customer?.id ?? null);

  useEffect(() => {
    if (!customerId) return;
    let cancelled = false;
    let disconnect = () => {};
    void import('socket.io-client').then(({ io }) => {
      if (cancelled) return;
      const socket: ClientSocket = io({ withCredentials: true });
      // Updates sent while no socket listened (before the first connect, or during a drop) are
      // not replayed by the server: catch up from it on every connect.
      socket.on('connect', () => {
        void store.getState().loadRequests();
        api<{ callbacks: MyCallback[] }>('/api/callbacks')
          .then(({ callbacks }) => useMyCallbacks.getState().replace(callbacks))
          .catch(() => {});
      });
      socket.on('callback:changed', (c) => useMyCallbacks.getState().upsert(c));
      socket.on('service-request:update', (u) => store.getState().applyStatus(u));
      socket.on('agent:presence', (p) => store.getState().applyPresence(p));
      socket.on('handover:changed', (h) => store.getState().applyHandover(h));
      socket.on('service-request:message', (m) => store.getState().applyMessage(m));
      socket.on('service-request:read', (r) => store.getState().applyRead(r));
      disconnect = () => socket.disconnect();
    });
    return () => {
      cancelled = true;
      disconnect();
    };
  }, [customerId, store]);

  return null;
}

export function useCustomer<T>(selector: (s: CustomerState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useCustomer must be used inside <CustomerStoreProvider>');
  return useStore(store, selector);
}
