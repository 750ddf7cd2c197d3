import type { Db } from '../db/client.ts';
import type { Notifier } from '../events/types.ts';
import { revocationTime } from '../credentials/sessions.ts';
import { getSessionCache } from '../credentials/session-cache.ts';
import { auditWrite, type AuditActor } from './audit-log.ts';
import { agentNotFound } from './update-agent.ts';

/**
 * Ends every session of an agent (a lost phone, a shared computer): the revocation and its audit entry
 * commit together; then this instance drops them from its cache and closes their sockets, and other
 * instances find the revocation at their next look (lib/credentials/session-cache.ts), as when an
 * agent leaves. Their password still works: they can sign in again.
 */
export const endAgentSessions = async (opts: { db: Db; notify: Notifier; by: AuditActor; agentId: string; now?: Date }): Promise<{ ended: number }> => {
  const now = opts.now ?? new Date();
  const { db, agentId } = opts;
  if (!(await db.agent.findUnique({ where: { id: agentId }, select: { id: true } }))) throw agentNotFound();
  const ended = await db.$transaction(async (tx) => {
    const { count } = await tx.session.updateMany({ where: { kind: 'agent', subjectId: agentId, revokedAt: null }, data: { revokedAt: revocationTime(now) } });
    await auditWrite(tx, { by: opts.by, action: 'agent.sessions_end', agentId, changes: { sessions: [count, 0] }, now });
    return count;
  });
  getSessionCache().forgetSubject('agent', agentId);
  opts.notify.endSessions?.({ agentId });
  return { ended };
};
