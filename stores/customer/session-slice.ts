import { isNetworkError, toStoreError } from './errors.ts';
import type { CustomerStoreDeps, SliceCreator } from './store-types.ts';
import type { ContactInput, Customer, StoreError } from './types.ts';
import type { AccountNotice } from './sign-in-link.ts';

export type Screen = 'start' | 'find' | 'contact';

export type Notice = { kind: 'bound'; name: string; nameZh: string };

export type SessionSlice = {
  customer: Customer | null;
  /** Whose saved data this is (persisted): another customer in this browser starts clean. */
  customerId: string | null;
  session: 'loading' | 'ready' | 'error';
  sessionError: StoreError | null;
  /** The browser says it has a network (navigator.onLine). */
  online: boolean;
  /** The last call reached our server. */
  reachable: boolean;
  introSeen: boolean;
  screen: Screen;
  notice: Notice | null;
  /** what happened when the app opened with a sign-in link (issue 25); not saved on the device */
  accountNotice: AccountNotice | null;
  setAccountNotice: (notice: AccountNotice | null) => void;
  load: () => Promise<void>;
  saveContact: (input: ContactInput) => Promise<{ ok: true } | { ok: false; error: StoreError }>;
  setOnline: (online: boolean) => void;
  setReachable: (reachable: boolean) => void;
  goTo: (screen: Screen) => void;
  dismissNotice: () => void;
};

export const createSessionSlice =
  (deps: CustomerStoreDeps): SliceCreator<SessionSlice> =>
  (set, get) => ({
    customer: null,
    customerId: null,
    session: 'loading',
    sessionError: null,
    online: true,
    reachable: true,
    introSeen: false,
    screen: 'start',
    notice: null,
    accountNotice: null,

    // Who am I, who is my agent, what did I ask (after sending anything written while offline).
    load: async () => {
      set({ sessionError: null, ...(get().session === 'error' ? { session: 'loading' as const } : {}) });
      let customer: Customer | null;
      try {
        customer = (await deps.api<{ customer: Customer }>('/api/customers/me')).customer;
      } catch (err) {
        const error = toStoreError(err);
        if (error.code === 'customer_required' || error.status === 401) {
          customer = null;
        } else if (isNetworkError(error)) {
          // Offline: what was saved on this device is the best we have.
          set({ session: 'ready', reachable: false });
          return;
        } else {
          set({ session: 'error', sessionError: error });
          return;
        }
      }
      if (!customer) {
        // No session cookie: anything saved belonged to a customer this browser no longer is.
        set({ customer: null, customerId: null, myAgent: null, boundAt: null, requests: [], session: 'ready', reachable: true });
        return;
      }
      if (customer.id !== get().customerId) set({ myAgent: null, boundAt: null, requests: [] });
      set({ customer, customerId: customer.id, reachable: true });
      // loadRequests sends the outbox first.
      await Promise.all([get().refreshBinding(), get().loadRequests()]);
      set({ session: 'ready' });
    },

    saveContact: async (input) => {
      try {
        const { customer } = await deps.api<{ customer: Customer }>('/api/customers', { method: 'POST', body: input });
        if (customer.id !== get().customerId) set({ requests: [] });
        set({ customer, customerId: customer.id, reachable: true });
        return { ok: true };
      } catch (err) {
        const error = toStoreError(err);
        if (isNetworkError(error)) set({ reachable: false });
        return { ok: false, error };
      }
    },

    setOnline: (online) => set(online ? { online } : { online, reachable: false }),
    setReachable: (reachable) => set({ reachable }),
    goTo: (screen) => set({ screen, ...(screen === 'start' ? { introSeen: true } : {}) }),
    dismissNotice: () => set({ notice: null }),
    setAccountNotice: (accountNotice) => set({ accountNotice }),
  });
