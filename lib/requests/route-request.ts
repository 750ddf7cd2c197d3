import type { Db } from '../db/client.ts';
import type { Agent, Customer } from '../db/generated/sqlite/client.ts';
import { AppError } from '../errors.ts';
import { toAgentFacts } from '../agents/agent-facts.ts';
import { countInHand, loadCoverPool } from './agent-load.ts';
import { decideInitialRoute, pickCover, type HoldReason } from './routing-policy.ts';
import { findActiveBinding } from '../binding/get-active-binding.ts';

export type Route = {
  bindingId: string;
  boundAgentId: string;
  /** who gets it now */
  agentId: string;
  /** offered = alerted and the accept timeout runs; held = waits for the bound agent, alerting nobody */
  decision: 'offered' | 'held' | 'covered';
  reason?: HoldReason | 'agent_left';
  /** the rows already read, so the caller describes the routing without reading them again */
  boundAgent: Agent;
  agent: Agent;
  /** the customer as stored now (the alert carries their name and contact) */
  customer: Customer;
};

/**
 * S4: a service request is looked up by its customer → the active binding (with its agent and the customer)
 * → the routing policy (routing-policy.ts) decides whether that agent can take it now.
 */
export const routeRequest = async (opts: { db: Db; customerId: string; locale: string }): Promise<Route> => {
  const binding = await findActiveBinding(opts.db, opts.customerId, { select: { id: true, agent: true, customer: true } });
  if (!binding) throw new AppError('no_binding', 'You have no exclusive agent yet. Find one first.', 'customer');
  const boundAgent = binding.agent;
  const bound = toAgentFacts(boundAgent, await countInHand(opts.db, boundAgent.id));

  const base = { bindingId: binding.id, boundAgentId: bound.id, boundAgent, agent: boundAgent, customer: binding.customer };
  const decision = decideInitialRoute(bound);
  if (decision.kind === 'offer') return { ...base, agentId: bound.id, decision: 'offered' };
  if (decision.kind === 'hold') return { ...base, agentId: bound.id, decision: 'held', reason: decision.reason };
  const cover = pickCover(await loadCoverPool(opts.db), { locale: opts.locale, skills: bound.skills, excluded: [bound.id] });
  // Nobody free to cover for an agent who left: keep it on record; the next sweep or a new agent picks it up.
  if (!cover) return { ...base, agentId: bound.id, decision: 'held', reason: 'agent_left' };
  const coverAgent = await opts.db.agent.findUniqueOrThrow({ where: { id: cover } });
  return { ...base, agent: coverAgent, agentId: cover, decision: 'covered', reason: 'agent_left' };
};
