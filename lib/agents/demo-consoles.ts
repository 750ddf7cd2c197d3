import type { Db } from '../db/client.ts';

/**
 * The demo crowd (scripts/demo-crowd.ts) keeps consoles open for the seeded demo agents so a newcomer
 * finds a living service. It stands in for a person only while no person is there: a demo console may
 * connect and take alerts only when no console of the real person is connected (on any instance) and
 * the last one left at least the presence grace period ago — a reload or a restart of the server must
 * not hand the person's alerts to the demo before their own console is back.
 */
export type HumanConsoles = { humanConnections: number; humanLeftAt: Date | null };

/** Pure: may a demo console work for this agent now? */
export const demoMayWork = (h: HumanConsoles, now: Date, graceMs: number): boolean =>
  h.humanConnections === 0 && (h.humanLeftAt === null || now.getTime() - h.humanLeftAt.getTime() >= graceMs);

/** The stored facts behind demoMayWork: the real person's connection rows (any instance) and when the last one left. */
export const loadHumanConsoles = async (db: Db, agentId: string): Promise<HumanConsoles | null> => {
  const [agent, humanConnections] = await Promise.all([
    db.agent.findUnique({ where: { id: agentId }, select: { humanLeftAt: true } }),
    db.agentConnection.count({ where: { agentId, demo: false } }),
  ]);
  return agent ? { humanConnections, humanLeftAt: agent.humanLeftAt } : null;
};

export const isDemoAllowed = async (opts: { db: Db; agentId: string; graceMs: number; now?: Date }): Promise<boolean> => {
  const h = await loadHumanConsoles(opts.db, opts.agentId);
  return h !== null && demoMayWork(h, opts.now ?? new Date(), opts.graceMs);
};
