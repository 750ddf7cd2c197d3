import type { Db } from '../db/client.ts';
import type { Tx } from '../db/row-lock.ts';

/** A client or a transaction. */
type Reader = Db | Tx;
import type { Prisma } from '../db/generated/sqlite/client.ts';
import { AGENT_FACTS_SELECT, toAgentFacts, type AgentFacts, type AgentFactsRow } from '../agents/agent-facts.ts';
import { OPEN_STATUSES } from './request-view.ts';
import { AVAILABLE_WHERE } from '../agents/availability.ts';

/**
 * What an agent has in hand: offered or taken. Requests held for them are not work yet.
 * Written as `status IN (open)` AND (…) so SQLite and PostgreSQL seek (agentId, status) in the index;
 * an OR of the two cases made SQLite walk every request the agent ever had (4.5 ms at 30k rows,
 * growing with the table; 0.01 ms this way — docs/benchmarks.md, "What limits the hot path").
 */
const IN_HAND: Prisma.ServiceRequestWhereInput = {
  status: { in: [...OPEN_STATUSES] },
  OR: [{ status: { not: 'pending' } }, { offeredAt: { not: null } }],
};

const withOpenCounts = async (db: Reader, rows: AgentFactsRow[]): Promise<AgentFacts[]> => {
  if (!rows.length) return [];
  const counts = await db.serviceRequest.groupBy({
    by: ['agentId'],
    where: { agentId: { in: rows.map((r) => r.id) }, ...IN_HAND },
    _count: { _all: true },
  });
  const byAgent = new Map(counts.map((c) => [c.agentId, c._count._all]));
  return rows.map((r) => toAgentFacts(r, byAgent.get(r.id) ?? 0));
};

/** What the agent has in hand: offered or taken. Requests held for them are not work yet. */
export const countInHand = (db: Reader, agentId: string): Promise<number> =>
  db.serviceRequest.count({ where: { agentId, ...IN_HAND } });


/** Facts the routing policy needs about one agent. */
export const loadAgentFacts = async (db: Reader, agentId: string): Promise<AgentFacts | null> => {
  const row = await db.agent.findUnique({ where: { id: agentId }, select: AGENT_FACTS_SELECT });
  return row ? toAgentFacts(row, await countInHand(db, agentId)) : null;
};

/** Online, connected agents, best first (matching index), with their open-request counts: the cover pool. */
export const loadCoverPool = async (db: Reader, limit = 100): Promise<AgentFacts[]> => {
  const rows = await db.agent.findMany({
    where: AVAILABLE_WHERE,
    orderBy: [{ capability: 'desc' }, { id: 'asc' }],
    select: AGENT_FACTS_SELECT,
    take: limit,
  });
  return withOpenCounts(db, rows);
};
