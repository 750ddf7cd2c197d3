// The console's view of the socket contract (lib/realtime/events.ts); type-only, nothing is bundled.
import type { AgentStatus, GiftView, RatingView, RequestMessageView, RequestStatus, ServiceRequestAlert } from '../../lib/realtime/events.ts';

export type { AgentStatus, RequestStatus };

export type Message = RequestMessageView;

/** An alert on screen, with the replies so far when it came from the list. */
export type ConsoleRequest = ServiceRequestAlert & { messages?: Message[]; resolvedAt?: string | null };

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
