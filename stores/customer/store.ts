import { createStore } from 'zustand/vanilla';
import { createJSONStorage, persist, type PersistStorage, type StateStorage } from 'zustand/middleware';
import { createBindingSlice } from './binding-slice.ts';
import { createDraftsSlice } from './drafts-slice.ts';
import { createFeedbackSlice } from './feedback-slice.ts';
import { createMatchSlice } from './match-slice.ts';
import { createOutboxSlice } from './outbox-slice.ts';
import { createReadMarksSlice } from './read-marks-slice.ts';
import { mergePersisted, partialize, PERSIST_KEY, PERSIST_VERSION, type PersistedState } from './persisted.ts';
import { createRequestsSlice } from './requests-slice.ts';
import { createSessionSlice } from './session-slice.ts';
import type { CustomerState, CustomerStoreDeps } from './store-types.ts';

export type { CustomerState, CustomerStoreDeps } from './store-types.ts';

/**
 * The one store of the customer surface, built from its slices. Hydration from storage is left to
 * the caller (`store.persist.rehydrate()` after mount) so the server's HTML and the first client
 * render agree. `firstVisit` (the server saw no customer cookie): no session to wait for, so the initial
 * state itself (what server rendering and hydration read) has the session ready.
 */
export const createCustomerStore = (deps: CustomerStoreDeps & { storage?: StateStorage; firstVisit?: boolean }) => {
  // Until the saved state is read back, writing would replace it with the empty initial state
  // (any early `set`, e.g. the online flag, would wipe the outbox and the offline home screen).
  let hydrated = false;
  const base = createJSONStorage<PersistedState>(() => deps.storage ?? window.localStorage);
  const storage: PersistStorage<PersistedState> | undefined = base && {
    getItem: (name) => base.getItem(name),
    removeItem: (name) => base.removeItem(name),
    setItem: (name, value) => (hydrated ? base.setItem(name, value) : undefined),
  };
  return createStore<CustomerState>()(
    persist(
      (...a) => ({
        ...createSessionSlice(deps)(...a),
        ...createBindingSlice(deps)(...a),
        ...createMatchSlice(deps)(...a),
        ...createRequestsSlice(deps)(...a),
        ...createOutboxSlice(deps)(...a),
        ...createReadMarksSlice(deps)(...a),
        ...createFeedbackSlice(deps)(...a),
        ...createDraftsSlice(deps)(...a),
        ...(deps.firstVisit ? { session: 'ready' as const } : {}),
      }),
      {
        name: PERSIST_KEY,
        version: PERSIST_VERSION,
        storage,
        partialize,
        merge: mergePersisted,
        skipHydration: true,
        onRehydrateStorage: () => () => {
          hydrated = true;
        },
      },
    ),
  );
};

export type CustomerStore = ReturnType<typeof createCustomerStore>;
