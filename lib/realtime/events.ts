/** Socket.IO events shared by server and browser. Names are part of the public contract (docs/api.md). */

export type RequestStatus = 'pending' | 'delivered' | 'acknowledged' | 'resolved';
export type AgentStatus = 'online' | 'away' | 'offline';

export type AlertCustomer = { id: string; name: string; phone?: string; email?: string; im?: string };

/** S5: what the handling agent's every open tab receives for a service request. */
export type ServiceRequestAlert = {
  id: string;
  message: string;
  createdAt: string;
  status: RequestStatus;
  customer: AlertCustomer;
  /** true when this agent covers for the customer's exclusive agent */
  cover: boolean;
  boundAgent: { id: string; name: string } | null;
};

export type ServiceRequestUpdate = { id: string; status: RequestStatus; agentId?: string; cover?: boolean };

export type RequestMessageView = { id: string; requestId: string; body: string; createdAt: string; agent: { id: string; name: string } | null };

export type AckResult<T = ServiceRequestUpdate> = { ok: true; request: T } | { ok: false; error: { code: string; message: string; field?: string } };

export type ServerToClientEvents = {
  /** the client calls `received(true)` once the alert is on screen: that marks the request delivered */
  'service-request:new': (alert: ServiceRequestAlert, received: (seen: boolean) => void) => void;
  'service-request:update': (update: ServiceRequestUpdate) => void;
  /** the request was handed to another agent (timeout, decline, customer took a cover) */
  'service-request:withdrawn': (body: { id: string }) => void;
  'service-request:message': (message: RequestMessageView) => void;
  'agent:status': (body: { status: AgentStatus }) => void;
};

export type ClientToServerEvents = {
  'service-request:ack': (body: { id: string }, callback: (result: AckResult) => void) => void;
  'service-request:resolve': (body: { id: string }, callback: (result: AckResult) => void) => void;
  'service-request:decline': (body: { id: string }, callback: (result: AckResult) => void) => void;
  'service-request:reply': (body: { id: string; body: string }, callback: (result: AckResult<RequestMessageView>) => void) => void;
  /** the agent is at the keyboard (sent at most every few seconds) */
  'presence:active': () => void;
  'agent:set-status': (body: { status: AgentStatus }, callback: (result: { ok: boolean; status?: AgentStatus; error?: { message: string } }) => void) => void;
};

export type SocketData = { agentId: string | null; customerId: string | null; sessionIds: string[] };

export const rooms = {
  agent: (id: string) => `agent:${id}`,
  customer: (id: string) => `customer:${id}`,
};
