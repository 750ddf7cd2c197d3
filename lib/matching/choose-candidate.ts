import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { bindAgentReporting, toBindingView, type BindingView } from '../binding/bind-agent.ts';
import { toAgentCard, type AgentCard } from '../agents/agent-card.ts';
import { loadOpenMatch } from './match-session.ts';
import type { BindingEvents } from '../binding/events.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { getActiveBinding } from '../binding/get-active-binding.ts';

/** S2→S3: the customer taps "choose" on the candidate shown; that agent becomes their exclusive agent. */
export const chooseCandidate = async (opts: {
  db: Db;
  matchId: string;
  customerId: string | null;
  notify?: BindingEvents;
}): Promise<{ binding: BindingView; agent: AgentCard; created: boolean }> => {
  if (!opts.customerId) {
    throw new AppError('customer_required', 'Please tell us how to reach you before choosing an agent.', 'customer');
  }
  const customerId = opts.customerId;
  const { match, candidates } = await loadOpenMatch({ db: opts.db, matchId: opts.matchId, customerId });
  if (match.status === 'exhausted') throw new AppError('match_closed', 'No agent is left in this search. Please start again.', 'matchId');
  const agentId = candidates[0];
  if (!agentId) throw new AppError('match_closed', 'No agent is left in this search. Please start again.', 'matchId');

  let result: { binding: BindingView; agent: AgentCard; created: boolean };
  try {
    result = await opts.db.$transaction(async (tx) => {
      const agent = await tx.agent.findUnique({ where: { id: agentId } });
      if (!agent || agent.status !== 'online' || !agent.connected || !agent.active) {
        throw new AppError('candidate_unavailable', 'This agent just went offline. Please skip to the next one.', 'matchId');
      }
      // The place is taken (or refused) by one conditional statement inside bindAgent. Whether this call made
      // the binding comes from the statement that made it, not from an earlier read (another tab may commit between).
      const { binding, created } = await bindAgentReporting({ tx, customerId, agentId });
      await tx.matchSession.update({ where: { id: match.id }, data: { status: 'chosen', customerId } });
      return { binding: toBindingView(binding), agent: toAgentCard(agent), created };
    });
  } catch (err) {
    // The same customer chose at the same moment elsewhere (a second tab, another instance): the one-active-
    // binding index kept the other. The same agent: that binding is the answer; another agent: 409.
    if (!isUniqueViolation(err)) throw err;
    const won = await getActiveBinding({ db: opts.db, customerId });
    if (!won || won.agentId !== agentId) throw new AppError('conflict', 'You chose another agent at the same moment in another window. Reload to see your agent.', 'matchId');
    await opts.db.matchSession.updateMany({ where: { id: match.id }, data: { status: 'chosen', customerId } });
    const { agent, ...binding } = won;
    return { binding: toBindingView(binding), agent: toAgentCard(agent), created: false };
  }
  // The customer's open app now follows the new agent's presence.
  if (result.created) opts.notify?.bindingChanged(customerId, result.agent.id);
  return result;
};
