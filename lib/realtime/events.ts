/** Socket.IO events shared by server and browser. Names are part of the public contract (docs/api.md). */

export type RequestStatus = 'pending' | 'delivered' | 'acknowledged' | 'resolved';

export type AlertCustomer = { id: string; name: string; phone?: string; email?: string; im?: string };

/** S5: what the bound agent's every open tab receives for a new service request. */
export type ServiceRequestAlert = {
  id: string;
  message: string;
  createdAt: string;
  status: RequestStatus;
  customer: AlertCustomer;
};

export type ServiceRequestUpdate = { id: string; status: RequestStatus };

export type AckResult = { ok: true; request: ServiceRequestUpdate } | { ok: false; error: { code: string; message: string } };

export type ServerToClientEvents = {
  /** the client calls `received(true)` once the alert is on screen: that marks the request delivered */
  'service-request:new': (alert: ServiceRequestAlert, received: (seen: boolean) => void) => void;
  'service-request:update': (update: ServiceRequestUpdate) => void;
};

export type ClientToServerEvents = {
  'service-request:ack': (body: { id: string }, callback: (result: AckResult) => void) => void;
};

export type SocketData = { agentId: string | null; customerId: string | null };

export const rooms = {
  agent: (id: string) => `agent:${id}`,
  customer: (id: string) => `customer:${id}`,
};
