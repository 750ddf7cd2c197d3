import type { Agent, Customer, RequestMessage, ServiceRequest } from '../db/generated/sqlite/client.ts';
import { toCustomerView } from '../customers/create-customer.ts';
import type { AgentStatus } from '../agents/agent-card.ts';
import { ATTACHMENT_SELECT, toAttachmentViews, type AttachmentRow, type AttachmentView } from '../uploads/view.ts';

export type { AgentStatus };

// The wire views of requests: what sockets and HTTP answers carry (docs/api.md).
export type RequestStatus = 'pending' | 'delivered' | 'acknowledged' | 'resolved';

/** A request still being worked on: offered, held, delivered or taken, not resolved. */
export const OPEN_STATUSES = ['pending', 'delivered', 'acknowledged'] as const;

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
  boundAgent: { id: string; name: string; nameZh: string } | null;
  /** the language the customer wrote in (the app's locale then) */
  locale: string;
  /** files the customer sent with it (issue 30); their pictures load after the alert, never in its way */
  attachments: AttachmentView[];
};

/** Who has a request now, as the customer's status line names them. */
export type HandlerView = { id: string; name: string; nameZh: string };

export type ServiceRequestUpdate = {
  id: string;
  status: RequestStatus;
  agentId?: string;
  cover?: boolean;
  /** why it waits for the exclusive agent; null once it is offered to someone */
  holdReason?: string | null;
  agent?: HandlerView;
};

export type MessageAuthor = 'customer' | 'agent';

/** One message of a request's thread; `agent` names the agent who wrote it (null for the customer's). */
export type RequestMessageView = {
  id: string;
  requestId: string;
  author: MessageAuthor;
  body: string;
  createdAt: string;
  agent: { id: string; name: string; nameZh: string } | null;
  attachments: AttachmentView[];
};

/** How far the handling agent has read the customer's words (`service-request:read`). */
export type ThreadReadView = { id: string; readUpTo: string };

/**
 * How far the customer's app has the agent's words: `deliveredUpTo` — it received them (any tab or
 * device of theirs); `readUpTo` — it showed them on a visible screen. Each the `createdAt` of the newest
 * such message; null: none yet (`service-request:customer-read`).
 */
export type CustomerReadView = { id: string; deliveredUpTo: string | null; readUpTo: string | null };

export type ServiceRequestView = {
  id: string;
  customerId: string;
  agentId: string;
  boundAgentId: string | null;
  cover: boolean;
  waitForBound: boolean;
  /** why it waits for the exclusive agent (agent_away | agent_offline | agent_busy | agent_left); null when offered */
  holdReason: string | null;
  message: string;
  status: RequestStatus;
  createdAt: string;
  deliveredAt: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  /** files the customer sent with it; left out by answers that did not read them (an agent's ack or resolve) */
  attachments?: AttachmentView[];
};

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export const isCover = (r: Pick<ServiceRequest, 'agentId' | 'boundAgentId'>): boolean => r.boundAgentId !== null && r.agentId !== r.boundAgentId;

/** A row with its attachments read (`include: { attachments: { select: ATTACHMENT_SELECT } }`), or none sent. */
type WithAttachments = { attachments?: readonly AttachmentRow[] };

export const toRequestView = (r: ServiceRequest & WithAttachments): ServiceRequestView => ({
  id: r.id,
  customerId: r.customerId,
  agentId: r.agentId,
  boundAgentId: r.boundAgentId,
  cover: isCover(r),
  waitForBound: r.waitForBound,
  holdReason: r.holdReason,
  message: r.message,
  status: r.status as RequestStatus,
  createdAt: r.createdAt.toISOString(),
  deliveredAt: iso(r.deliveredAt),
  acknowledgedAt: iso(r.acknowledgedAt),
  resolvedAt: iso(r.resolvedAt),
  ...(r.attachments ? { attachments: toAttachmentViews(r.attachments) } : {}),
});

export const handlerOf = (a: Pick<Agent, 'id' | 'name' | 'nameZh'>): HandlerView => ({ id: a.id, name: a.name, nameZh: a.nameZh });

/** What an alert needs from the database. */
export const ALERT_INCLUDE = { customer: true, boundAgent: { select: { id: true, name: true, nameZh: true } }, attachments: { select: ATTACHMENT_SELECT } } as const;

export const toAlert = (r: ServiceRequest & Required<WithAttachments> & { customer: Customer; boundAgent: Pick<Agent, 'id' | 'name' | 'nameZh'> | null }): ServiceRequestAlert => ({
  id: r.id,
  message: r.message,
  createdAt: r.createdAt.toISOString(),
  status: r.status as RequestStatus,
  customer: toCustomerView(r.customer),
  cover: isCover(r),
  boundAgent: r.boundAgent ? { id: r.boundAgent.id, name: r.boundAgent.name, nameZh: r.boundAgent.nameZh } : null,
  locale: r.locale,
  attachments: toAttachmentViews(r.attachments),
});

/** What a message view needs from the database, and the one order of a thread (time, then id). */
export const MESSAGE_INCLUDE = { agent: { select: { id: true, name: true, nameZh: true } }, attachments: { select: ATTACHMENT_SELECT } } as const;
export const THREAD_ORDER = [{ createdAt: 'asc' as const }, { id: 'asc' as const }];

export const toMessageView = (m: RequestMessage & Required<WithAttachments> & { agent: Pick<Agent, 'id' | 'name' | 'nameZh'> | null }): RequestMessageView => ({
  id: m.id,
  requestId: m.requestId,
  author: m.author === 'customer' ? 'customer' : 'agent',
  body: m.body,
  createdAt: m.createdAt.toISOString(),
  agent: m.author === 'customer' || !m.agent ? null : { id: m.agent.id, name: m.agent.name, nameZh: m.agent.nameZh },
  attachments: toAttachmentViews(m.attachments),
});
