import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { toAgentCard, type AgentCard } from '../agents/agent-card.ts';
import { currentCandidate, withoutCandidate, type ExhaustedReason } from './candidates.ts';
import { countActiveBindings } from '../agents/workload.ts';
import { parseStringList } from '../string-list.ts';

/** Most candidates a query keeps: far more than anyone skips through, and a bounded row. */
export const MAX_CANDIDATES = 100;

export type MatchView = {
  matchId: string;
  agent: AgentCard | null;
  reason?: ExhaustedReason;
  /** how many candidates are left after the one shown */
  remaining: number;
};

/** Online, active agents by capability, best first — served by the (status, capability DESC, id) index. */
const rankedOnlineAgentIds = async (db: Db): Promise<string[]> => {
  const rows = await db.agent.findMany({
    where: { status: 'online', active: true },
    orderBy: [{ capability: 'desc' }, { id: 'asc' }],
    select: { id: true },
    take: MAX_CANDIDATES,
  });
  return rows.map((r) => r.id);
};

/**
 * Resolves the head of the list against the live roster and stores what is left. An agent is
 * offered only while online, active and below their limit of exclusive customers.
 */
const showCurrent = async (db: Db, matchId: string, list: string[], emptyReason: ExhaustedReason): Promise<MatchView> => {
  const online = list.length
    ? await db.agent.findMany({ where: { id: { in: list }, status: 'online', active: true } })
    : [];
  const bindings = await countActiveBindings(db, online.map((a) => a.id));
  const byId = new Map(online.filter((a) => (bindings.get(a.id) ?? 0) < a.capacity).map((a) => [a.id, a]));
  const { agentId, remaining } = currentCandidate(list, (id) => byId.has(id));
  await db.matchSession.update({
    where: { id: matchId },
    data: { candidates: JSON.stringify(remaining), status: agentId ? 'open' : 'exhausted' },
  });
  if (!agentId) return { matchId, agent: null, reason: emptyReason, remaining: 0 };
  return { matchId, agent: toAgentCard(byId.get(agentId)!), remaining: remaining.length - 1 };
};

/** S2: a customer asks for an agent; the best online agent is shown first. */
export const startMatch = async (opts: { db: Db; customerId?: string | null; visitorId?: string | null }): Promise<MatchView> => {
  const ids = await rankedOnlineAgentIds(opts.db);
  const match = await opts.db.matchSession.create({
    data: { customerId: opts.customerId ?? null, visitorId: opts.visitorId ?? null, candidates: JSON.stringify(ids), status: ids.length ? 'open' : 'exhausted' },
  });
  return showCurrent(opts.db, match.id, ids, 'none_online');
};

export const loadOpenMatch = async (opts: { db: Db; matchId: string; customerId?: string | null }) => {
  const match = await opts.db.matchSession.findUnique({ where: { id: opts.matchId } });
  if (!match) throw new AppError('not_found', 'This search has expired. Please find an agent again.', 'matchId');
  if (match.customerId && opts.customerId && match.customerId !== opts.customerId) {
    throw new AppError('forbidden', 'This search belongs to someone else.', 'matchId');
  }
  return { match, candidates: parseStringList(match.candidates) };
};

/** Skip removes the shown agent from this query's list and shows the next best. */
export const skipCandidate = async (opts: { db: Db; matchId: string; customerId?: string | null }): Promise<MatchView> => {
  const { match, candidates } = await loadOpenMatch(opts);
  if (match.status === 'chosen') throw new AppError('match_closed', 'An agent was already chosen in this search.', 'matchId');
  const shown = candidates[0];
  const rest = shown ? withoutCandidate(candidates, shown) : candidates;
  return showCurrent(opts.db, match.id, rest, 'all_skipped');
};

/** The candidate currently shown, re-checked against the live roster. */
export const peekCandidate = async (opts: { db: Db; matchId: string; customerId?: string | null }): Promise<MatchView> => {
  const { match, candidates } = await loadOpenMatch(opts);
  return showCurrent(opts.db, match.id, candidates, 'all_skipped');
};
