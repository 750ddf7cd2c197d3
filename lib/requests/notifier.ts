import type { AgentStatus } from '../agents/agent-card.ts';
import type { UnavailableReason } from '../agents/presence.ts';
import type { GiftView } from '../gifts/gift-view.ts';
import type { RatingView } from '../ratings/rating-view.ts';
import type { CallbackView } from '../callbacks/callback-view.ts';
import type { CustomerReadView, RequestMessageView, ServiceRequestAlert, ServiceRequestUpdate, ThreadReadView } from './request-view.ts';

/** An agent's availability as customers and the agent's own console see it (`agent:presence`). */
export type AgentPresenceView = { agentId: string; status: AgentStatus; available: boolean; reason: UnavailableReason | null };

/**
 * How domain code tells people about changes, without knowing about sockets. The realtime server
 * implements it; tests pass a recorder. Calls happen only after the change is committed.
 */
export type Notifier = {
  alertAgent(agentId: string, alert: ServiceRequestAlert): void;
  /** a new request waits for its exclusive agent, who is not available (no console alert; outside reach may tell them) */
  requestHeld(agentId: string, alert: ServiceRequestAlert): void;
  updateRequest(target: { agentId: string; customerId: string }, update: ServiceRequestUpdate): void;
  withdrawFromAgent(agentId: string, requestId: string): void;
  messageAdded(target: { agentId: string; customerId: string }, message: RequestMessageView): void;
  /** the handling agent read the thread further: the customer sees "read", the agent's other tabs their counts */
  threadRead(target: { agentId: string; customerId: string }, read: ThreadReadView): void;
  /** the customer's app received or showed the agent's words further: the handling agent's consoles show it */
  customerRead(target: { agentId: string; customerId: string }, read: CustomerReadView): void;
  /** the agent's availability changed: their consoles and their customers hear it */
  agentPresence(presence: AgentPresenceView): void;
  /** somebody became available: customers waiting for anyone to come online hear it */
  someoneAvailable(): void;
  /** the customer's exclusive agent changed: their live connections follow the new agent's presence */
  bindingChanged(customerId: string, agentId: string | null): void;
  /** sessions were revoked (sign-out, password change, deactivation): their sockets are closed now */
  endSessions?(target: { agentId?: string; sessionIds?: string[] }): void;
  /** a customer rated (or changed their rating of) a request this agent resolved */
  ratingAdded(agentId: string, rating: RatingView): void;
  /** a customer sent this agent a gift */
  giftReceived(agentId: string, gift: GiftView): void;
  /** a callback was booked, moved or closed, or its agent is away at the time: both sides see it */
  callbackChanged(target: { agentId: string; customerId: string }, callback: CallbackView): void;
  /** a booked callback is due soon (sent once per booking time) */
  callbackDue(agentId: string, callback: CallbackView): void;
};

export const silentNotifier: Notifier = {
  alertAgent: () => {},
  requestHeld: () => {},
  updateRequest: () => {},
  withdrawFromAgent: () => {},
  messageAdded: () => {},
  threadRead: () => {},
  customerRead: () => {},
  agentPresence: () => {},
  someoneAvailable: () => {},
  bindingChanged: () => {},
  ratingAdded: () => {},
  giftReceived: () => {},
  callbackChanged: () => {},
  callbackDue: () => {},
};

// server.ts and the route handlers are bundled apart; the process shares one notifier through globalThis.
const holder = globalThis as unknown as { __notifier?: Notifier };

export const setNotifier = (n: Notifier): void => {
  holder.__notifier = n;
};

export const getNotifier = (): Notifier => holder.__notifier ?? silentNotifier;
