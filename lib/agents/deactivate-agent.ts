import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import type { Notifier } from '../requests/notifier.ts';
import { rerouteOpenRequestsOf } from '../requests/reassign-request.ts';
import { revokeAllSessions } from '../auth/sessions.ts';

/**
 * An agent leaves: they can no longer sign in or be matched, their bindings end (kept as history,
 * endReason "agent-left") so each customer is asked to choose again, and their open requests go to
 * the next best available agents. Used by `npm run agent -- deactivate` and by the roster sync.
 */
export const deactivateAgent = async (opts: { db: Db; notify: Notifier; email: string; now?: Date }) => {
  const now = opts.now ?? new Date();
  const agent = await opts.db.agent.findUnique({ where: { email: opts.email.toLowerCase() } });
  if (!agent) throw new AppError('not_found', `No agent with email ${opts.email}.`, 'email');
  const [, ended] = await opts.db.$transaction([
    opts.db.agent.update({ where: { id: agent.id }, data: { active: false, status: 'offline', autoAway: false } }),
    opts.db.binding.updateMany({ where: { agentId: agent.id, endedAt: null }, data: { endedAt: now, endReason: 'agent-left' } }),
  ]);
  // Every token of theirs stops working now; open sockets are closed (here, or by the next session re-check).
  await revokeAllSessions({ db: opts.db, kind: 'agent', subjectId: agent.id, now });
  opts.notify.endSessions?.({ agentId: agent.id });
  const rerouted = await rerouteOpenRequestsOf({ db: opts.db, notify: opts.notify, agentId: agent.id, now });
  opts.notify.agentPresence({ agentId: agent.id, status: 'offline', available: false, reason: 'agent_left' });
  return { agentId: agent.id, endedBindings: ended.count, reroutedRequests: rerouted.length };
};
