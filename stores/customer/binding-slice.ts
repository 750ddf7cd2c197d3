import { isNetworkError, toStoreError } from './errors.ts';
import type { CustomerStoreDeps, SliceCreator } from './store-types.ts';
import type { AgentCard, AgentPresence, Handover, StoreError } from './types.ts';

export type BindingSlice = {
  /** My exclusive agent as last seen (persisted, so the home screen renders offline). */
  myAgent: AgentCard | null;
  boundAt: string | null;
  bindingError: StoreError | null;
  /** my exclusive agent left the team: the customer is asked to choose again, and told why */
  leftAgentName: string | null;
  /** my agent left (or an admin moves me) and I am asked: take the suggested agent, or choose again */
  handover: Handover | null;
  handoverBusy: boolean;
  handoverError: StoreError | null;
  refreshBinding: () => Promise<void>;
  /** the question arrived, was answered in another tab, or was withdrawn (live) */
  applyHandover: (h: Handover) => void;
  /** true when answered; choosing again ends the binding (the caller then starts a search) */
  answerHandover: (answer: 'accept' | 'choose_again') => Promise<boolean>;
  /** My agent's availability changed (live): the pill and the held prompt follow at once. */
  applyPresence: (p: AgentPresence) => void;
};

export const createBindingSlice =
  (deps: CustomerStoreDeps): SliceCreator<BindingSlice> =>
  (set, get) => ({
    myAgent: null,
    boundAt: null,
    bindingError: null,
    leftAgentName: null,
    handover: null,
    handoverBusy: false,
    handoverError: null,
    applyHandover: (h) => {
      // "…is now your exclusive agent" is old news once that agent is leaving: the question takes its place.
      if (h.status === 'pending') set({ handover: h, handoverError: null, notice: null });
      else void get().refreshBinding();
    },
    answerHandover: async (answer) => {
      const h = get().handover;
      set({ handoverBusy: true, handoverError: null });
      try {
        await deps.api('/api/me/handover', { method: 'POST', body: { answer } });
        set({ handoverBusy: false, handover: null });
        if (answer === 'accept' && h?.suggested) set({ notice: { kind: 'bound', name: h.suggested.name, nameZh: h.suggested.nameZh } });
        if (answer === 'choose_again') set({ myAgent: null, boundAt: null, leftAgentName: null });
        await get().refreshBinding();
        return true;
      } catch (err) {
        set({ handoverBusy: false, handoverError: toStoreError(err) });
        // The suggestion changed (the agent filled up): show the new one.
        await get().refreshBinding();
        return false;
      }
    },
    applyPresence: (p) =>
      set((s) => (s.myAgent && s.myAgent.id === p.agentId ? { myAgent: { ...s.myAgent, status: p.status, available: p.available } } : {})),
    refreshBinding: async () => {
      try {
        const { agent, binding, handover } = await deps.api<{ agent: AgentCard; binding: { createdAt: string }; handover?: Handover | null }>('/api/me/agent');
        set({ myAgent: agent, boundAt: binding.createdAt, bindingError: null, leftAgentName: null, handover: handover ?? null });
      } catch (err) {
        const error = toStoreError(err);
        if (error.status === 404) {
          set((s) => ({
            myAgent: null,
            boundAt: null,
            bindingError: null,
            handover: null,
            leftAgentName: error.code === 'agent_left' ? (s.myAgent?.name ?? s.leftAgentName ?? '') : null,
          }));
        }
        // Otherwise keep the agent we knew: better a slightly old card than none.
        else set({ bindingError: error, ...(isNetworkError(error) ? { reachable: false } : {}) });
      }
    },
  });
