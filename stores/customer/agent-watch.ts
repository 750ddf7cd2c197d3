import type { MatchView } from './types.ts';

/**
 * While a customer waits after an exhausted search, a fresh search is worth showing when it has an
 * agent they have not seen, or more agents online than they saw (the first one shown is the best
 * online, so a newcomer may sit further down the list). The API only shows one candidate at a time,
 * hence the count.
 */
export const hasNewAgent = (seenAgentIds: readonly string[], fresh: MatchView): boolean => {
  if (!fresh.agent) return false;
  if (!seenAgentIds.includes(fresh.agent.id)) return true;
  return fresh.remaining + 1 > new Set(seenAgentIds).size;
};
