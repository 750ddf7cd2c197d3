import type { HandoverView } from './handover-view.ts';

/** The facts the binding domain publishes (lib/events fans them out). */
export type BindingEvents = {
  /** the customer's exclusive agent changed: their live connections follow the new agent's presence */
  bindingChanged(customerId: string, agentId: string | null): void;
  /** the customer is asked to take a next agent or choose again (pending), or the question was answered or withdrawn */
  handoverChanged(customerId: string, handover: HandoverView): void;
};
