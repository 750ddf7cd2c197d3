import type { Db } from '../db/client.ts';
import { loadAgentFacts } from './agent-load.ts';
import { withRowLock } from '../db/row-lock.ts';
import { availabilityOf } from '../agents/presence.ts';
import type { RequestEvents } from './events.ts';
import { ALERT_INCLUDE, handlerOf, toAlert } from './request-view.ts';

/** Offers the requests held for an agent who is available now: alert, the accept timeout starts. */
export const offerHeldRequests = async (opts: { db: Db; notify: RequestEvents; agentId: string; now?: Date }): Promise<string[]> => {
  const { db, notify, agentId } = opts;
  // Oldest first, as many as their open-request limit leaves room for; the rest wait as "busy".
  // Usually nothing is held: this one indexed read is then all it costs (it runs after every resolve).
  const held = await db.serviceRequest.findMany({ where: { agentId, status: 'pending', offeredAt: null }, orderBy: { createdAt: 'asc' }, select: { id: true } });
  if (!held.length) return [];
  const now = opts.now ?? new Date();
  // Counting what they have in hand and offering more is one step under the agent's row lock: a request
  // created for them at the same moment (create-request.ts) waits, so the two cannot both take the last place.
  const ids = await withRowLock(db, { table: 'Agent', id: agentId }, async (tx) => {
    const facts = await loadAgentFacts(tx, agentId);
    if (!facts || !availabilityOf(facts).available) return [];
    const still = await tx.serviceRequest.findMany({ where: { agentId, status: 'pending', offeredAt: null }, orderBy: { createdAt: 'asc' }, select: { id: true } });
    const room = Math.max(facts.maxOpenRequests - facts.openRequests, 0);
    const offered = still.slice(0, room).map((r) => r.id);
    const waiting = still.slice(room).map((r) => r.id);
    if (waiting.length) await tx.serviceRequest.updateMany({ where: { id: { in: waiting }, offeredAt: null }, data: { holdReason: 'agent_busy' } });
    if (offered.length) {
      // The first offer ends the time it was held (binding health in the reports); a request offered before keeps its first.
      await tx.serviceRequest.updateMany({ where: { id: { in: offered }, firstOfferedAt: null }, data: { firstOfferedAt: now } });
      await tx.serviceRequest.updateMany({ where: { id: { in: offered }, agentId, status: 'pending', offeredAt: null }, data: { offeredAt: now, holdReason: null } });
    }
    return offered;
  });
  if (!ids.length) return [];
  const rows = await db.serviceRequest.findMany({ where: { id: { in: ids }, agentId, offeredAt: now }, include: { ...ALERT_INCLUDE, agent: true }, orderBy: { createdAt: 'asc' } });
  for (const r of rows) {
    notify.alertAgent(agentId, toAlert(r));
    notify.updateRequest({ agentId, customerId: r.customerId }, { id: r.id, status: 'pending', agentId, cover: r.boundAgentId !== null && r.boundAgentId !== agentId, holdReason: null, agent: handlerOf(r.agent) });
  }
  return rows.map((r) => r.id);
};
