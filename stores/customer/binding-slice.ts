import { isNetworkError, toStoreError } from './errors.ts';
import type { CustomerStoreDeps, SliceCreator } from './store-types.ts';
import type { AgentCard, AgentPresence, StoreError } from './types.ts';

export type BindingSlice = {
  /** My exclusive agent as last seen (persisted, so the home screen renders offline). */
  myAgent: AgentCard | null;
  boundAt: string | null;
  bindingError: StoreError | null;
  /** my exclusive agent left the team: the customer is asked to choose again, and told why */
  leftAgentName: string | null;
  refreshBinding: () => Promise<void>;
  /** My agent's availability changed (live): the pill and the held prompt follow at once. */
  applyPresence: (p: AgentPresence) => void;
};

export const createBindingSlice =
  (deps: CustomerStoreDeps): SliceCreator<BindingSlice> =>
  (set) => ({
    myAgent: null,
    boundAt: null,
    bindingError: null,
    leftAgentName: null,
    applyPresence: (p) =>
      set((s) => (s.myAgent && s.myAgent.id === p.agentId ? { myAgent: { ...s.myAgent, status: p.status, available: p.available } } : {})),
    refreshBinding: async () => {
      try {
        const { agent, binding } = await deps.api<{ agent: AgentCard; binding: { createdAt: string } }>('/api/me/agent');
        set({ myAgent: agent, boundAt: binding.createdAt, bindingError: null, leftAgentName: null });
      } catch (err) {
        const error = toStoreError(err);
        if (error.status === 404) {
          set((s) => ({
            myAgent: null,
            boundAt: null,
            bindingError: null,
            leftAgentName: error.code === 'agent_left' ? (s.myAgent?.name ?? s.leftAgentName ?? '') : null,
          }));
        }
        // Otherwise keep the agent we knew: better a slightly old card than none.
        else set({ bindingError: error, ...(isNetworkError(error) ? { reachable: false } : {}) });
      }
    },
  });
