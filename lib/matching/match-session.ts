import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { toAgentCard, type AgentCard } from '../agents/agent-card.ts';
import { currentCandidate, withoutCandidate, type ExhaustedReason } from './candidates.ts';
import { parseStringList } from '../string-list.ts';
import type { Agent, MatchSession } from '../db/generated/sqlite/client.ts';
import { AVAILABLE_WHERE } from '../agents/availability.ts';

/** Most candidates a query keeps: far more than anyone skips through, and a bounded row. */
export const MAX_CANDIDATES = 100;

export type MatchView = {
  matchId: string;
  agent: AgentCard | null;
  reason?: ExhaustedReason;
  /** how many candidates are left after the one shown */
  remaining: number;
};

/**
 * Available agents (online × a live console, active, below their limit of exclusive customers) by
 * capability, best first — served by the (status, connected, capability DESC, id) index; the limit is
 * a comparison of two columns of the row (Agent.activeBindings, kept with the bindings), so a full
 * team costs a walk of the index, never a count of bindings per candidate.
 */
const AVAILABLE = (db: Db) => ({ ...AVAILABLE_WHERE, activeBindings: { lt: db.agent.fields.capacity } }) as const;

const rankedOnlineAgentIds = async (db: Db): Promise<string[]> => {
  const rows = await db.agent.findMany({
    where: AVAILABLE(db),
    orderBy: [{ capability: 'desc' }, { id: 'asc' }],
    select: { id: true },
    take: MAX_CANDIDATES,
  });
  return rows.map((r) => r.id);
};

/** How many candidates are checked against the live roster per read (usually the first is the one). */
const CHUNK = 8;

/**
 * The first candidate of the list who is still available — online, a console open, active and below
 * their limit of exclusive customers — and what is left from them on. Reads a few at a time, so the
 * cost does not grow with the team. (Choosing counts the bindings again, inside its transaction.)
 */
const findCurrent = async (db: Db, list: string[]): Promise<{ agent: Agent | null; remaining: string[] }> => {
  for (let i = 0; i < list.length; i += CHUNK) {
    const ids = list.slice(i, i + CHUNK);
    const rows = await db.agent.findMany({ where: { id: { in: ids }, ...AVAILABLE(db) } });
    const byId = new Map(rows.map((a) => [a.id, a]));
    const j = ids.findIndex((id) => byId.has(id));
    if (j !== -1) return { agent: byId.get(ids[j]!)!, remaining: list.slice(i + j) };
  }
  return { agent: null, remaining: [] };
};

const view = (matchId: string, current: { agent: Agent | null; remaining: string[] }, emptyReason: ExhaustedReason): MatchView =>
  current.agent
    ? { matchId, agent: toAgentCard(current.agent), remaining: current.remaining.length - 1 }
    : { matchId, agent: null, reason: emptyReason, remaining: 0 };

const chosenAlready = () => new AppError('match_closed', 'An agent was already chosen in this search.', 'matchId');

/**
 * Resolves the head of the list against the live roster and stores what is left: one conditional write,
 * only over the list that was read and never over a search already chosen. A skip or a look that lost to
 * another tab's skip, or to a choose committed meanwhile, writes nothing and answers what is stored now
 * (a skip after a choose: 409 match_closed) — before, it wrote its stale list back, and a skip racing a
 * choose reopened the chosen search.
 */
const showCurrent = async (db: Db, match: MatchSession, list: string[], emptyReason: ExhaustedReason, opts: { refuseChosen: boolean }): Promise<MatchView> => {
  const current = await findCurrent(db, list);
  const { count } = await db.matchSession.updateMany({
    where: { id: match.id, candidates: match.candidates, status: { not: 'chosen' } },
    data: { candidates: JSON.stringify(current.remaining), status: current.agent ? 'open' : 'exhausted' },
  });
  if (count === 1) return view(match.id, current, emptyReason);
  const stored = await db.matchSession.findUnique({ where: { id: match.id } });
  if (!stored) throw new AppError('not_found', 'This search has expired. Please find an agent again.', 'matchId');
  if (stored.status === 'chosen' && opts.refuseChosen) throw chosenAlready();
  return view(match.id, await findCurrent(db, parseStringList(stored.candidates)), emptyReason);
};

/** S2: a customer asks for an agent; the best available agent is shown first. One write. */
export const startMatch = async (opts: { db: Db; customerId?: string | null; visitorId?: string | null }): Promise<MatchView> => {
  const current = await findCurrent(opts.db, await rankedOnlineAgentIds(opts.db));
  const match = await opts.db.matchSession.create({
    data: { customerId: opts.customerId ?? null, visitorId: opts.visitorId ?? null, candidates: JSON.stringify(current.remaining), status: current.agent ? 'open' : 'exhausted' },
    select: { id: true },
  });
  return view(match.id, current, 'none_online');
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
  if (match.status === 'chosen') throw chosenAlready();
  const shown = candidates[0];
  const rest = shown ? withoutCandidate(candidates, shown) : candidates;
  return showCurrent(opts.db, match, rest, 'all_skipped', { refuseChosen: true });
};

/** The candidate currently shown, re-checked against the live roster. */
export const peekCandidate = async (opts: { db: Db; matchId: string; customerId?: string | null }): Promise<MatchView> => {
  const { match, candidates } = await loadOpenMatch(opts);
  return showCurrent(opts.db, match, candidates, 'all_skipped', { refuseChosen: false });
};
