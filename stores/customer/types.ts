// What the customer surface receives from the API (docs/api.md), as the browser sees it.

import type { AgentCard as ServedAgentCard, AgentStatus } from '../../lib/agents/agent-card.ts';
import type { CustomerView } from '../../lib/customers/create-customer.ts';
import type { AgentPresenceView, RequestMessageView, RequestStatus, ServiceRequestUpdate } from '../../lib/realtime/events.ts';
import type { HandoverView } from '../../lib/binding/handover-view.ts';
import type { AttachmentView } from '../../lib/uploads/view.ts';

export type { AgentStatus, RequestStatus };

/**
 * The card the API serves (lib/agents/agent-card.ts). Rating, gifts and "why" may be missing from a
 * card this device saved before they were served, so the screens treat them as optional.
 */
export type AgentCard = Omit<ServedAgentCard, 'rating' | 'gifts' | 'why'> & Partial<Pick<ServedAgentCard, 'rating' | 'gifts' | 'why'>>;

/** What the customer is asked when their agent left or is moved (lib/binding/handover-view.ts). */
export type Handover = Omit<HandoverView, 'from' | 'suggested'> & { from: AgentCard; suggested: AgentCard | null };

export type ExhaustedReason = 'none_online' | 'all_skipped';

export type MatchView = { matchId: string; agent: AgentCard | null; reason?: ExhaustedReason; remaining: number };

export type Customer = CustomerView;

export type ContactInput = { name: string; phone: string; email: string; im: string };

/** Messages this device saved before files could be attached have no `attachments`. */
export type RequestMessage = Omit<RequestMessageView, 'attachments'> & { attachments?: AttachmentView[] };

/** Who will answer, as the server decided when the request was made (lib/requests/routing-policy.ts). */
export type Routing = {
  decision: 'offered' | 'held' | 'covered';
  reason?: 'agent_away' | 'agent_offline' | 'agent_busy' | 'agent_left';
  agent: AgentCard;
  boundAgent: AgentCard | null;
};

export type ServiceRequest = {
  id: string;
  message: string;
  status: RequestStatus;
  createdAt: string;
  agentId?: string;
  /** another agent covers for my exclusive agent */
  cover?: boolean;
  waitForBound?: boolean;
  /** why it waits for my exclusive agent (agent_away | agent_offline | agent_busy | agent_left); null once offered */
  holdReason?: string | null;
  /** who has it now, as the server last said */
  agent?: { id: string; name: string; nameZh: string };
  messages?: RequestMessage[];
  /** how far my agent has read my words (my messages up to this time); null: not yet */
  readUpTo?: string | null;
  /** how far the server knows my app has received / shown the agents' words (what my agent sees) */
  customerDeliveredUpTo?: string | null;
  customerReadUpTo?: string | null;
  /** the files sent with it (issue 30); missing on requests this device saved before there were any */
  attachments?: AttachmentView[];
  /** known only on this device, from the answer that created the request */
  routing?: Routing;
};

/** A failure the UI can put into words: `code` from the API, or `network` when nothing answered. */
/** My exclusive agent's availability, live (`agent:presence`). */
export type AgentPresence = AgentPresenceView;

export type RequestUpdate = ServiceRequestUpdate;

export type StoreError = { code: string; status: number; field?: string };

export type ApiInit = { method?: string; body?: unknown; headers?: Record<string, string> };
export type ApiCall = <T>(path: string, init?: ApiInit) => Promise<T>;
