import type { Db } from '../db/client.ts';
import { toAgentCard } from '../agents/agent-card.ts';
import { afterCursor, pageOf, PAGE_ORDER, takeFor } from './pagination.ts';
import { agentsQuerySchema } from './schemas.ts';

/** GET /api/v1/agents: every agent with their presence (what they chose, and whether someone is there). */
export const listAgentsForApi = async (opts: { db: Db; query: Record<string, string> }) => {
  const q = agentsQuerySchema.parse(opts.query);
  // `available` is the card's rule (active, chose online, a console connected), asked of the database.
  const available = { active: true, status: 'online', connected: true };
  const rows = await opts.db.agent.findMany({
    where: { ...afterCursor(q.cursor), ...(q.available === 'true' ? available : q.available === 'false' ? { NOT: available } : {}) },
    orderBy: PAGE_ORDER,
    take: takeFor(q.limit),
  });
  const page = pageOf(rows, q.limit);
  return {
    agents: page.rows.map((a) => {
      const card = toAgentCard(a);
      return {
        id: card.id,
        handle: card.handle,
        name: card.name,
        nameZh: card.nameZh,
        languages: card.languages,
        skills: card.skills,
        active: a.active,
        status: card.status,
        available: card.available,
        capability: card.capability,
        rating: card.rating,
        createdAt: a.createdAt.toISOString(),
      };
    }),
    nextCursor: page.nextCursor,
  };
};
