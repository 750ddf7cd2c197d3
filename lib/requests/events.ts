import type { CustomerReadView, RequestMessageView, ServiceRequestAlert, ServiceRequestUpdate, ThreadReadView } from './request-view.ts';

/** Who hears about one request: its handling agent and its customer. */
export type RequestParties = { agentId: string; customerId: string };

/**
 * The facts the requests domain publishes, each with its own view (lib/events names them all and
 * fans them out to realtime, mail and push). Published only after the change is committed.
 */
export type RequestEvents = {
  alertAgent(agentId: string, alert: ServiceRequestAlert): void;
  /** a new request waits for its exclusive agent, who is not available (no console alert; outside reach may tell them) */
  requestHeld(agentId: string, alert: ServiceRequestAlert): void;
  updateRequest(target: RequestParties, update: ServiceRequestUpdate): void;
  withdrawFromAgent(agentId: string, requestId: string): void;
  messageAdded(target: RequestParties, message: RequestMessageView): void;
  /** the handling agent read the thread further: the customer sees "read", the agent's other tabs their counts */
  threadRead(target: RequestParties, read: ThreadReadView): void;
  /** the customer's app received or showed the agent's words further: the handling agent's consoles show it */
  customerRead(target: RequestParties, read: CustomerReadView): void;
};
