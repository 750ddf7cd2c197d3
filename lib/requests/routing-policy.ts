/**
 * Who answers a service request — the one place these rules live (pure; the clock is passed in).
 *
 * | situation | decision |
 * |---|---|
 * | bound agent active, online and under their open-request limit | offer it to the bound agent |
 * | bound agent away or offline | hold it for them (`agent_away` / `agent_offline`) and tell the customer, who may wait or take a cover |
 * | bound agent at their open-request limit | hold it (`agent_busy`), same choice for the customer |
 * | bound agent deactivated (left) | offer it to the next best available agent (`agent_left`) |
 * | customer takes a cover | offer it to the next best available agent; the binding does not change |
 * | customer waits | keep holding; the bound agent gets it when a tab of theirs connects |
 * | offered, not acknowledged within the accept timeout | offer it to the next best available agent; the one who timed out is excluded for good |
 * | the offered agent declines | the same, at once |
 * | nobody else is available | it stays where it is (the offered agent may still answer); retried at the next sweep |
 *
 * "Available" = active, online, under their open-request limit, and not excluded for this request.
 * "Next best" = highest capability, ties by id (the matching order).
 */

import { compareCandidates } from '../matching/candidates.ts';

export type AgentFacts = {
  id: string;
  status: string;
  active: boolean;
  capability: number;
  openRequests: number;
  maxOpenRequests: number;
};

export type HoldReason = 'agent_away' | 'agent_offline' | 'agent_busy';

export type InitialRoute =
  | { kind: 'offer'; agentId: string }
  | { kind: 'hold'; agentId: string; reason: HoldReason }
  | { kind: 'cover'; reason: 'agent_left' };

export const isAvailable = (a: AgentFacts, excluded: readonly string[] = []): boolean =>
  a.active && a.status === 'online' && a.openRequests < a.maxOpenRequests && !excluded.includes(a.id);

export const decideInitialRoute = (bound: AgentFacts): InitialRoute => {
  if (!bound.active) return { kind: 'cover', reason: 'agent_left' };
  if (bound.status === 'offline') return { kind: 'hold', agentId: bound.id, reason: 'agent_offline' };
  if (bound.status !== 'online') return { kind: 'hold', agentId: bound.id, reason: 'agent_away' };
  if (bound.openRequests >= bound.maxOpenRequests) return { kind: 'hold', agentId: bound.id, reason: 'agent_busy' };
  return { kind: 'offer', agentId: bound.id };
};

/** The next best available agent for a request, never one in `excluded`. */
export const pickCover = (agents: readonly AgentFacts[], excluded: readonly string[]): string | null => {
  const available = agents.filter((a) => isAvailable(a, excluded)).sort(compareCandidates);
  return available[0]?.id ?? null;
};

export type OfferFacts = { status: string; offeredAt: Date | null };

/** An offer not acknowledged within the accept timeout moves on. Held (never offered) requests wait. */
export const isOfferExpired = (r: OfferFacts, now: Date, acceptTimeoutMs: number): boolean =>
  (r.status === 'pending' || r.status === 'delivered') && r.offeredAt !== null && now.getTime() - r.offeredAt.getTime() >= acceptTimeoutMs;
