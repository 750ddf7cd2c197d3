import type { Agent, Binding } from '../db/generated/sqlite/client.ts';
import { toAgentCard, type AgentCard } from '../agents/agent-card.ts';

export type HandoverReason = 'agent_left' | 'moved';
export type HandoverStatus = 'pending' | 'accepted' | 'chose_again' | 'cancelled';

/**
 * What a customer is asked when their exclusive agent leaves (or an admin moves the agent's customers to
 * a colleague): take the suggested next agent, with the history carried over, or choose again.
 */
export type HandoverView = {
  bindingId: string;
  reason: HandoverReason;
  status: HandoverStatus;
  /** when the customer was asked */
  at: string;
  /** the agent they had */
  from: AgentCard;
  /** the suggested next agent (or the colleague the admin named); null when nobody fits: only "choose again" */
  suggested: AgentCard | null;
  answeredAt: string | null;
};

export const isPendingHandover = (b: Pick<Binding, 'state' | 'endedAt'>): boolean => b.state === 'pending_handover' && b.endedAt === null;

export const toHandoverView = (b: Binding, from: Agent, suggested: Agent | null): HandoverView => ({
  bindingId: b.id,
  reason: (b.handoverReason ?? 'agent_left') as HandoverReason,
  status: isPendingHandover(b) ? 'pending' : ((b.handoverAnswer ?? 'cancelled') as HandoverStatus),
  at: (b.handoverAt ?? b.createdAt).toISOString(),
  from: toAgentCard(from),
  suggested: suggested ? toAgentCard(suggested) : null,
  answeredAt: b.handoverAnsweredAt ? b.handoverAnsweredAt.toISOString() : null,
});
