import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { toAgentCard, type AgentCard } from '../agents/agent-card.ts';
import { toBindingView, type BindingView } from './bind-agent.ts';
import { getActiveBinding } from './get-active-binding.ts';
import { isPendingHandover, toHandoverView, type HandoverView } from './handover-view.ts';

/**
 * The customer's exclusive agent, and the handover they are asked about when that agent left or an
 * admin moves them (null otherwise). Without a binding: `agent_left` when the last one ended because
 * the agent left the team (so the app can say why the customer must choose again), else `not_found`.
 */
export const getMyAgent = async (opts: { db: Db; customerId: string }): Promise<{ agent: AgentCard; binding: BindingView; handover: HandoverView | null }> => {
  const binding = await getActiveBinding(opts);
  if (binding) {
    const suggested = isPendingHandover(binding) && binding.handoverToAgentId ? await opts.db.agent.findUnique({ where: { id: binding.handoverToAgentId } }) : null;
    const handover = isPendingHandover(binding) ? toHandoverView(binding, binding.agent, suggested) : null;
    return { agent: toAgentCard(binding.agent), binding: toBindingView(binding), handover };
  }
  const last = await opts.db.binding.findFirst({ where: { customerId: opts.customerId }, orderBy: { createdAt: 'desc' }, include: { agent: true } });
  if (last?.endReason === 'agent-left' && last.handoverAnswer !== 'chose_again') {
    throw new AppError('agent_left', `${last.agent.name} is no longer with us. Please choose a new agent.`, 'agent');
  }
  throw new AppError('not_found', 'You have no exclusive agent yet.', 'agent');
};
