import { hasNewAgent } from './agent-watch.ts';
import { isNetworkError, toStoreError } from './errors.ts';
import type { CustomerStoreDeps, SliceCreator } from './store-types.ts';
import type { AgentCard, MatchView, StoreError } from './types.ts';

export type ChooseResult = 'chosen' | 'needs_contact' | 'failed';

export type MatchSlice = {
  match: MatchView | null;
  matchStatus: 'idle' | 'loading' | 'ready' | 'error';
  matchError: StoreError | null;
  /** Agents shown in this search, so waiting can tell a newcomer from someone already skipped. */
  seenAgentIds: string[];
  pending: 'skip' | 'choose' | null;
  /** After an exhausted search: off, waiting for someone new, or found someone (a fresh search). */
  watch: { state: 'off' | 'waiting' } | { state: 'found'; match: MatchView };
  startMatch: () => Promise<void>;
  skip: () => Promise<void>;
  choose: () => Promise<ChooseResult>;
  startWatching: () => void;
  stopWatching: () => void;
  /** One look for a new agent; the screen decides how often (see use-agent-watch). */
  checkForNewAgent: () => Promise<void>;
  showFoundAgent: () => void;
  leaveMatch: () => void;
};

const seen = (ids: string[], agent: AgentCard | null) => (agent && !ids.includes(agent.id) ? [...ids, agent.id] : ids);

export const createMatchSlice =
  (deps: CustomerStoreDeps): SliceCreator<MatchSlice> =>
  (set, get) => {
    const fail = (err: unknown) => {
      const error = toStoreError(err);
      set({ matchError: error, pending: null, ...(isNetworkError(error) ? { reachable: false } : {}) });
      return error;
    };

    return {
      match: null,
      matchStatus: 'idle',
      matchError: null,
      seenAgentIds: [],
      pending: null,
      watch: { state: 'off' },

      startMatch: async () => {
        set({ screen: 'find', introSeen: true, notice: null, match: null, matchStatus: 'loading', matchError: null, seenAgentIds: [], watch: { state: 'off' } });
        try {
          const match = await deps.api<MatchView>('/api/matches', { method: 'POST' });
          set({ match, matchStatus: 'ready', seenAgentIds: seen([], match.agent), reachable: true });
        } catch (err) {
          fail(err);
          set({ matchStatus: 'error' });
        }
      },

      skip: async () => {
        const { match, pending } = get();
        if (!match?.agent || pending) return;
        set({ pending: 'skip', matchError: null });
        try {
          const next = await deps.api<MatchView>(`/api/matches/${match.matchId}/skip`, { method: 'POST' });
          set((s) => ({ match: next, pending: null, seenAgentIds: seen(s.seenAgentIds, next.agent), reachable: true }));
        } catch (err) {
          fail(err);
        }
      },

      choose: async () => {
        const { match, pending, customer } = get();
        if (!match?.agent || pending) return 'failed';
        if (!customer) {
          set({ screen: 'contact' });
          return 'needs_contact';
        }
        set({ pending: 'choose', matchError: null });
        try {
          const { agent, binding } = await deps.api<{ agent: AgentCard; binding: { createdAt: string } }>(
            `/api/matches/${match.matchId}/choose`,
            { method: 'POST' },
          );
          set({
            myAgent: agent,
            boundAt: binding.createdAt,
            match: null,
            matchStatus: 'idle',
            pending: null,
            screen: 'start',
            notice: { kind: 'bound', name: agent.name, nameZh: agent.nameZh },
            reachable: true,
          });
          return 'chosen';
        } catch (err) {
          fail(err);
          // Back from the contact form, the error belongs next to the card it is about.
          set({ screen: 'find' });
          return 'failed';
        }
      },

      startWatching: () => set({ watch: { state: 'waiting' } }),
      stopWatching: () => set({ watch: { state: 'off' } }),

      checkForNewAgent: async () => {
        if (get().watch.state !== 'waiting') return;
        try {
          const fresh = await deps.api<MatchView>('/api/matches', { method: 'POST' });
          set({ reachable: true });
          if (get().watch.state === 'waiting' && hasNewAgent(get().seenAgentIds, fresh)) set({ watch: { state: 'found', match: fresh } });
        } catch (err) {
          if (isNetworkError(toStoreError(err))) set({ reachable: false });
          // Keep waiting: the next look may work.
        }
      },

      showFoundAgent: () => {
        const { watch } = get();
        if (watch.state !== 'found') return;
        set({ match: watch.match, matchStatus: 'ready', matchError: null, seenAgentIds: seen([], watch.match.agent), watch: { state: 'off' } });
      },

      leaveMatch: () => set({ screen: 'start', match: null, matchStatus: 'idle', matchError: null, pending: null, watch: { state: 'off' } }),
    };
  };
