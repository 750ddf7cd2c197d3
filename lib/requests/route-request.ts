import type { Db } from '../db/client.ts';
import type { Agent, Customer } from '../db/generated/sqlite/client.ts';
import { toAgentFacts } from '../agents/agent-facts.ts';
import { countInHand, loadCoverPool } from './agent-load.ts';
import { decideInitialRoute, pickCover, type HoldReason } from './routing-policy.ts';
import { findActiveBinding } from '../binding/get-active-binding.ts';
import type { Tx } from '../db/row-lock.ts';

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

/** The customer's active binding with what routing needs: its agent and the customer as stored. */
export type RoutingBinding = NonNullable<Awaited<ReturnType<typeof readRoutingBinding>>>;

/** S4: a service request is looked up by its customer → the active binding, with its agent and the customer. */
export const readRoutingBinding = (db: Db | Tx, customerId: string) =>
  findActiveBinding(db, customerId, { select: { id: true, agent: true, customer: true } });

/**
 * S4: the routing policy (routing-policy.ts) decides whether the bound agent can take the request now.
 * Run inside the step that holds the bound agent's row lock (create-request.ts): the requests the agent
 * has in hand are counted there, so two requests arriving at once cannot both take their last place.
 */
export const routeRequest = async (opts: { db: Db | Tx; binding: RoutingBinding; locale: string }): Promise<Route> => {
  const { binding } = opts;
  const { db } = opts;
  const boundAgent = binding.agent;
  const bound = toAgentFacts(boundAgent, await countInHand(db, boundAgent.id));

  const base = { bindingId: binding.id, boundAgentId: bound.id, boundAgent, agent: boundAgent, customer: binding.customer };
  const decision = decideInitialRoute(bound);
  if (decision.kind === 'offer') return { ...base, agentId: bound.id, decision: 'offered' };
  if (decision.kind === 'hold') return { ...base, agentId: bound.id, decision: 'held', reason: decision.reason };
  // A cover is picked by the counts read here; its own lock is not taken (a rare path: the bound agent left).
  const cover = pickCover(await loadCoverPool(db), { locale: opts.locale, skills: bound.skills, excluded: [bound.id] });
  // Nobody free to cover for an agent who left: keep it on record; the next sweep or a new agent picks it up.
  if (!cover) return { ...base, agentId: bound.id, decision: 'held', reason: 'agent_left' };
  const coverAgent = await db.agent.findUniqueOrThrow({ where: { id: cover } });
  return { ...base, agent: coverAgent, agentId: cover, decision: 'covered', reason: 'agent_left' };
};
