/**
 * Who answers a service request — the one place these rules live (pure; the clock is passed in).
 *
 * | situation | decision |
 * |---|---|
 * | bound agent available (lib/agents/presence.ts: active × online × a live console × under their open-request limit) | offer it to them: alert, the accept timeout starts |
 * | bound agent away, offline, not connected, or busy | hold it for them with the reason; alert nobody; the customer may wait or ask once for help now |
 * | bound agent deactivated (left) | offer it to the best available cover; if nobody, hold it (`agent_left`) |
 * | the customer asks for help now (once per request) | offer it to the best available cover; the binding does not change |
 * | offered, not acknowledged within the accept timeout, or declined | offer it to the next best available cover, while hops are left; the one who let it go is excluded for good |
 * | no hops left, or nobody available who speaks the customer's language | it goes back to wait for the bound agent (held), and the customer is told so |
 * | the bound agent becomes available again | every request held for them is offered: alert, the accept timeout starts |
 *
 * "Best cover" = available, not excluded, speaks the request's language; among those, the ones who
 * share a skill with the exclusive agent first; then highest capability, ties by id (the matching order).
 */

import { compareCandidates } from '../matching/candidates.ts';
import { availabilityOf, type UnavailableReason } from '../agents/presence.ts';
import type { AgentFacts } from '../agents/agent-facts.ts';

export type HoldReason = UnavailableReason;

export type InitialRoute =
  | { kind: 'offer'; agentId: string }
  | { kind: 'hold'; agentId: string; reason: HoldReason }
  | { kind: 'cover'; reason: 'agent_left' };

/** How many times one request may move to another agent before it waits for its own. */
export const DEFAULT_MAX_HOPS = 3;

export const isAvailable = (a: AgentFacts, excluded: readonly string[] = []): boolean =>
  availabilityOf(a).available && !excluded.includes(a.id);

export const decideInitialRoute = (bound: AgentFacts): InitialRoute => {
  const a = availabilityOf(bound);
  if (a.available) return { kind: 'offer', agentId: bound.id };
  if (a.reason === 'agent_left') return { kind: 'cover', reason: 'agent_left' };
  return { kind: 'hold', agentId: bound.id, reason: a.reason };
};

/** "zh-CN" speaks to "zh-CN" and "zh"; "en" to "en-GB": the primary language decides. */
export const speaks = (languages: readonly string[], locale: string): boolean => {
  const want = locale.toLowerCase().split('-')[0];
  return languages.some((l) => l.toLowerCase().split('-')[0] === want);
};

export type CoverNeed = {
  /** the request's language */
  locale: string;
  /** the exclusive agent's skills: a cover who shares one is preferred */
  skills: readonly string[];
  excluded: readonly string[];
};

/** The order among covers who fit: sharing a skill with the exclusive agent first, then the matching order. */
export const coverOrder =
  (skills: readonly string[]) =>
  (a: { id: string; capability: number; skills: readonly string[] }, b: { id: string; capability: number; skills: readonly string[] }): number => {
    const sharesSkill = (x: { skills: readonly string[] }) => (skills.some((s) => x.skills.includes(s)) ? 0 : 1);
    return sharesSkill(a) - sharesSkill(b) || compareCandidates(a, b);
  };

/** The best available cover for a request, or null when nobody fits. */
export const pickCover = (agents: readonly AgentFacts[], need: CoverNeed): string | null => {
  const fits = agents.filter((a) => isAvailable(a, need.excluded) && speaks(a.languages, need.locale));
  fits.sort(coverOrder(need.skills));
  return fits[0]?.id ?? null;
};

export type OfferFacts = { status: string; offeredAt: Date | null };

/** An offer not acknowledged within the accept timeout moves on. Held (never offered) requests wait. */
export const isOfferExpired = (r: OfferFacts, now: Date, acceptTimeoutMs: number): boolean =>
  (r.status === 'pending' || r.status === 'delivered') && r.offeredAt !== null && now.getTime() - r.offeredAt.getTime() >= acceptTimeoutMs;

/** A request may move again only while it has hops left. */
export const canHop = (r: { hops: number }, maxHops: number): boolean => r.hops < maxHops;
