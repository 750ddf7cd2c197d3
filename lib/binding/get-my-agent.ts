import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { toAgentCard, type AgentCard } from '../agents/agent-card.ts';
import { toBindingView, type BindingView } from './bind-agent.ts';
import { getActiveBinding } from './get-active-binding.ts';

/**
 * The customer's exclusive agent. Without one: `agent_left` when the last binding ended because the
 * agent left the team (so the app can say why the customer must choose again), else `not_found`.
 */
export const getMyAgent = async (opts: { db: Db; customerId: string }): Promise<{ agent: AgentCard; binding: BindingView }> => {
  const binding = await getActiveBinding(opts);
  if (binding) return { agent: toAgentCard(binding.agent), binding: toBindingView(binding) };
  const last = await opts.db.binding.findFirst({ where: { customerId: opts.customerId }, orderBy: { createdAt: 'desc' }, include: { agent: true } });
  if (last?.endReason === 'agent-left') {
    throw new AppError('agent_left', `${last.agent.name} is no longer with us. Please choose a new agent.`, 'agent');
  }
  throw new AppError('not_found', 'You have no exclusive agent yet.', 'agent');
};
