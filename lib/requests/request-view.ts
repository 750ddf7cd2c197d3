import type { Customer, ServiceRequest } from '../db/generated/sqlite/client.ts';
import type { RequestStatus, ServiceRequestAlert } from '../realtime/events.ts';
import { toCustomerView } from '../customers/create-customer.ts';

export type ServiceRequestView = {
  id: string;
  customerId: string;
  agentId: string;
  message: string;
  status: RequestStatus;
  createdAt: string;
  deliveredAt: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
};

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export const toRequestView = (r: ServiceRequest): ServiceRequestView => ({
  id: r.id,
  customerId: r.customerId,
  agentId: r.agentId,
  message: r.message,
  status: r.status as RequestStatus,
  createdAt: r.createdAt.toISOString(),
  deliveredAt: iso(r.deliveredAt),
  acknowledgedAt: iso(r.acknowledgedAt),
  resolvedAt: iso(r.resolvedAt),
});

export const toAlert = (r: ServiceRequest & { customer: Customer }): ServiceRequestAlert => ({
  id: r.id,
  message: r.message,
  createdAt: r.createdAt.toISOString(),
  status: r.status as RequestStatus,
  customer: toCustomerView(r.customer),
});
