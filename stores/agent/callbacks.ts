import { create } from 'zustand';
import type { CallbackView } from '../../lib/callbacks/callback-view.ts';

export type ConsoleCallback = CallbackView;

/**
 * The console's "upcoming calls": booked callbacks by id (a change heard twice shows once), soonest
 * first, and the ones whose reminder has come. Client only; filled from GET /api/agent/callbacks on
 * every (re)connect and kept live by `callback:changed` / `callback:due`.
 */
type CallbacksState = {
  byId: Record<string, ConsoleCallback>;
  due: Record<string, true>;
  loaded: boolean;
  replace: (all: ConsoleCallback[]) => void;
  upsert: (c: ConsoleCallback) => void;
  markDue: (c: ConsoleCallback) => void;
};

export const useConsoleCallbacks = create<CallbacksState>()((set) => ({
  byId: {},
  due: {},
  loaded: false,
  replace: (all) =>
    set((s) => {
      const byId = Object.fromEntries(all.map((c) => [c.id, c]));
      const due = Object.fromEntries(Object.keys(s.due).filter((id) => byId[id]).map((id) => [id, true as const]));
      return { byId, due, loaded: true };
    }),
  upsert: (c) =>
    set((s) => {
      const byId = { ...s.byId };
      const due = { ...s.due };
      // Closed calls leave the list; a moved call is reminded again for its new time.
      if (c.status !== 'booked') {
        delete byId[c.id];
        delete due[c.id];
      } else {
        if (byId[c.id] && byId[c.id]!.at !== c.at) delete due[c.id];
        byId[c.id] = c;
      }
      return { byId, due };
    }),
  markDue: (c) => set((s) => ({ byId: { ...s.byId, [c.id]: c }, due: { ...s.due, [c.id]: true } })),
}));

export const selectUpcoming = (s: CallbacksState): ConsoleCallback[] => Object.values(s.byId).sort((a, b) => a.at.localeCompare(b.at));
