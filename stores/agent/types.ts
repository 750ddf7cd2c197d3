// The console's view of the socket contract (lib/realtime/events.ts); type-only, nothing is bundled.
import type { AgentStatus, CustomerReadView, GiftView, RatingView, RequestMessageView, RequestStatus, ServiceRequestAlert } from '../../lib/realtime/events.ts';

export type { AgentStatus, RequestStatus };
export type { AttachmentView } from '../../lib/uploads/view.ts';

export type Message = RequestMessageView;

/** An alert on screen, with the replies so far when it came from the list. */
/** `readUpTo`: how far I have read the customer's words, as the server keeps it (survives a reload). */
/**
 * `customerDeliveredUpTo` / `customerReadUpTo`: how far the customer's app has received / shown the
 * agents' words (each message is sent → delivered → read, see `deliveryOf`).
 */
export type ConsoleRequest = ServiceRequestAlert & {
  messages?: Message[];
  resolvedAt?: string | null;
  readUpTo?: string | null;
  customerDeliveredUpTo?: string | null;
  customerReadUpTo?: string | null;
};

export type CustomerRead = CustomerReadView;

export type Delivery = 'sent' | 'delivered' | 'read';

/** Where one of the agents' messages is: on the server (sent), in the customer's app (delivered), on their screen (read). */
export const deliveryOf = (r: Pick<ConsoleRequest, 'customerDeliveredUpTo' | 'customerReadUpTo'>, m: Pick<Message, 'createdAt'>): Delivery =>
  r.customerReadUpTo && r.customerReadUpTo >= m.createdAt ? 'read' : r.customerDeliveredUpTo && r.customerDeliveredUpTo >= m.createdAt ? 'delivered' : 'sent';

export type SignedInAgent = { id: string; name: string; nameZh: string; email: string; status: AgentStatus };

export type MyCustomer = { customer: ConsoleRequest['customer']; since: string };

export const STATUS_RANK: Record<RequestStatus, number> = { pending: 0, delivered: 1, acknowledged: 2, resolved: 3 };

/** Statuses only move forward; a late or repeated event never moves one back. */
export const laterStatus = (a: RequestStatus, b?: RequestStatus): RequestStatus => (b && STATUS_RANK[b] > STATUS_RANK[a] ? b : a);

export const needsAttention = (r: Pick<ConsoleRequest, 'status'>): boolean => r.status === 'pending' || r.status === 'delivered';

export type { GiftView, RatingView };

/** Customers' thanks as the console lists them, newest first (issue 14). */
export type FeedbackItem = ({ kind: 'rating' } & RatingView) | ({ kind: 'gift' } & GiftView);
export type FeedbackTotals = { rating: { average: number | null; count: number }; gifts: { count: number; points: number } };
