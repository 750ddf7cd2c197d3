import type { AgentStatus, RequestMessageView, ServiceRequestAlert, ServiceRequestUpdate } from './events.ts';

/**
 * How domain code tells people about changes, without knowing about sockets. The realtime server
 * implements it; tests pass a recorder. Calls happen only after the change is committed.
 */
export type Notifier = {
  alertAgent(agentId: string, alert: ServiceRequestAlert): void;
  updateRequest(target: { agentId: string; customerId: string }, update: ServiceRequestUpdate): void;
  withdrawFromAgent(agentId: string, requestId: string): void;
  messageAdded(target: { agentId: string; customerId: string }, message: RequestMessageView): void;
  agentStatusChanged(agentId: string, status: AgentStatus): void;
  /** sessions were revoked (sign-out, password change, deactivation): their sockets are closed now */
  endSessions?(target: { agentId?: string; sessionIds?: string[] }): void;
};

export const silentNotifier: Notifier = {
  alertAgent: () => {},
  updateRequest: () => {},
  withdrawFromAgent: () => {},
  messageAdded: () => {},
  agentStatusChanged: () => {},
};

// server.ts and the route handlers are bundled apart; the process shares one notifier through globalThis.
const holder = globalThis as unknown as { __notifier?: Notifier };

export const setNotifier = (n: Notifier): void => {
  holder.__notifier = n;
};

export const getNotifier = (): Notifier => holder.__notifier ?? silentNotifier;
