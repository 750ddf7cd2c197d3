export type RequestStatus = 'pending' | 'delivered' | 'acknowledged' | 'resolved';
export type AgentStatus = 'online' | 'away' | 'offline';

export type Message = { id: string; requestId: string; body: string; createdAt: string; agent: { id: string; name: string } | null };

export type ConsoleRequest = {
  id: string;
  message: string;
  createdAt: string;
  status: RequestStatus;
  customer: { id: string; name: string; phone?: string; email?: string; im?: string };
  cover: boolean;
  boundAgent: { id: string; name: string } | null;
  messages?: Message[];
};

export type SignedInAgent = { id: string; name: string; nameZh: string; email: string; status: AgentStatus };

export type MyCustomer = { customer: ConsoleRequest['customer']; since: string };

export const STATUS_RANK: Record<RequestStatus, number> = { pending: 0, delivered: 1, acknowledged: 2, resolved: 3 };

/** Statuses only move forward; a late or repeated event never moves one back. */
export const laterStatus = (a: RequestStatus, b?: RequestStatus): RequestStatus => (b && STATUS_RANK[b] > STATUS_RANK[a] ? b : a);

export const needsAttention = (r: Pick<ConsoleRequest, 'status'>): boolean => r.status === 'pending' || r.status === 'delivered';
