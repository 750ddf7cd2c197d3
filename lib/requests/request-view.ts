import type { Agent, Customer, RequestMessage, ServiceRequest } from '../db/generated/sqlite/client.ts';
import type { RequestMessageView, RequestStatus, ServiceRequestAlert } from '../realtime/events.ts';
import { toCustomerView } from '../customers/create-customer.ts';

export type ServiceRequestView = {
  id: string;
  customerId: string;
  agentId: string;
  boundAgentId: string | null;
  cover: boolean;
  waitForBound: boolean;
  message: string;
  status: RequestStatus;
  createdAt: string;
  deliveredAt: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
};

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export const isCover = (r: Pick<ServiceRequest, 'agentId' | 'boundAgentId'>): boolean => r.boundAgentId !== null && r.agentId !== r.boundAgentId;

export const toRequestView = (r: ServiceRequest): ServiceRequestView => ({
  id: r.id,
  customerId: r.customerId,
  agentId: r.agentId,
  boundAgentId: r.boundAgentId,
  cover: isCover(r),
  waitForBound: r.waitForBound,
  message: r.message,
  status: r.status as RequestStatus,
  createdAt: r.createdAt.toISOString(),
  deliveredAt: iso(r.deliveredAt),
  acknowledgedAt: iso(r.acknowledgedAt),
  resolvedAt: iso(r.resolvedAt),
});

/** What an alert needs from the database. */
export const ALERT_INCLUDE = { customer: true, boundAgent: { select: { id: true, name: true } } } as const;

export const toAlert = (r: ServiceRequest & { customer: Customer; boundAgent: Pick<Agent, 'id' | 'name'> | null }): ServiceRequestAlert => ({
  id: r.id,
  message: r.message,
  createdAt: r.createdAt.toISOString(),
  status: r.status as RequestStatus,
  customer: toCustomerView(r.customer),
  cover: isCover(r),
  boundAgent: r.boundAgent ? { id: r.boundAgent.id, name: r.boundAgent.name } : null,
});

export const toMessageView = (m: RequestMessage & { agent: Pick<Agent, 'id' | 'name'> | null }): RequestMessageView => ({
  id: m.id,
  requestId: m.requestId,
  body: m.body,
  createdAt: m.createdAt.toISOString(),
  agent: m.agent ? { id: m.agent.id, name: m.agent.name } : null,
});
