import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { bindAgent, toBindingView, type BindingView } from '../binding/bind-agent.ts';
import { toAgentCard, type AgentCard } from '../agents/agent-card.ts';
import { loadOpenMatch } from './match-session.ts';
import type { BindingEvents } from '../binding/events.ts';
import { findActiveBinding } from '../binding/get-active-binding.ts';

/** S2→S3: the customer taps "choose" on the candidate shown; that agent becomes their exclusive agent. */
export const chooseCandidate = async (opts: {
  db: Db;
  matchId: string;
  customerId: string | null;
  notify?: BindingEvents;
}): Promise<{ binding: BindingView; agent: AgentCard }> => {
  if (!opts.customerId) {
    throw new AppError('customer_required', 'Please tell us how to reach you before choosing an agent.', 'customer');
  }
  const customerId = opts.customerId;
  const { match, candidates } = await loadOpenMatch({ db: opts.db, matchId: opts.matchId, customerId });
  if (match.status === 'exhausted') throw new AppError('match_closed', 'No agent is left in this search. Please start again.', 'matchId');
  const agentId = candidates[0];
  if (!agentId) throw new AppError('match_closed', 'No agent is left in this search. Please start again.', 'matchId');

  const result = await opts.db.$transaction(async (tx) => {
    const agent = await tx.agent.findUnique({ where: { id: agentId } });
    if (!agent || agent.status !== 'online' || !agent.connected || !agent.active) {
      throw new AppError('candidate_unavailable', 'This agent just went offline. Please skip to the next one.', 'matchId');
    }
    const alreadyMine = (await findActiveBinding(tx, customerId, { select: { agentId: true } }))?.agentId === agentId;
    const taken = await tx.binding.count({ where: { agentId, endedAt: null } });
    if (!alreadyMine && taken >= agent.capacity) {
      throw new AppError('candidate_unavailable', 'This agent has just reached their limit of customers. Please skip to the next one.', 'matchId');
    }
    const binding = await bindAgent({ tx, customerId, agentId });
    await tx.matchSession.update({ where: { id: match.id }, data: { status: 'chosen', customerId } });
    return { binding: toBindingView(binding), agent: toAgentCard(agent) };
  });
  // The customer's open app now follows the new agent's presence.
  opts.notify?.bindingChanged(customerId, result.agent.id);
  return result;
};
