import { create } from 'zustand';
import type { CallbackView } from '../../lib/callbacks/callback-view.ts';

export type MyCallback = CallbackView;

/**
 * The customer's callbacks, kept live by `callback:changed` (booked, moved or closed by the agent,
 * agent away at the time) and reloaded on every (re)connect. Client only; nothing is saved offline.
 */
type State = {
  byId: Record<string, MyCallback>;
  loaded: boolean;
  replace: (all: MyCallback[]) => void;
  upsert: (c: MyCallback) => void;
};

export const useMyCallbacks = create<State>()((set) => ({
  byId: {},
  loaded: false,
  replace: (all) => set({ byId: Object.fromEntries(all.map((c) => [c.id, c])), loaded: true }),
  upsert: (c) => set((s) => ({ byId: { ...s.byId, [c.id]: c } })),
}));

export const selectMyCallbacks = (s: State): MyCallback[] => Object.values(s.byId).sort((a, b) => a.at.localeCompare(b.at));
