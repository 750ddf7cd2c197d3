/** The facts the binding domain publishes (lib/events fans them out). */
export type BindingEvents = {
  /** the customer's exclusive agent changed: their live connections follow the new agent's presence */
  bindingChanged(customerId: string, agentId: string | null): void;
};
