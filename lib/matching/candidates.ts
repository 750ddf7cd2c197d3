/**
 * Pure rules of a match session's candidate list (patent claims 2–3).
 * The list is ranked once, when the query is made; skipping removes the head; agents that went
 * offline since are dropped as they reach the head, so the customer is only ever shown someone online.
 */

export type RankableAgent = { id: string; capability: number };

/** Highest capability first; equal capability broken by id so every query ranks alike. */
export const compareCandidates = (a: RankableAgent, b: RankableAgent): number =>
  b.capability - a.capability || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export type ExhaustedReason = 'none_online' | 'all_skipped';

/**
 * The current candidate of a list: the first id that is still available. Ids before it are gone
 * (offline, at capacity, left) and are removed from the returned list.
 */
export const currentCandidate = (
  remaining: readonly string[],
  isAvailable: (id: string) => boolean,
): { agentId: string | null; remaining: string[] } => {
  const firstAvailable = remaining.findIndex(isAvailable);
  if (firstAvailable === -1) return { agentId: null, remaining: [] };
  return { agentId: remaining[firstAvailable]!, remaining: remaining.slice(firstAvailable) };
};

/** Skip: the shown candidate leaves this query's list for good. */
export const withoutCandidate = (remaining: readonly string[], agentId: string): string[] =>
  remaining.filter((id) => id !== agentId);
