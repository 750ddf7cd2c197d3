import type { Db } from '../db/client.ts';
import type { Mailer } from '../mail/mailer.ts';
import { AppError } from '../errors.ts';
import { issueAgentLink, mailAgentLink, signInUrlFor } from './agent-links.ts';
import { auditWrite, type AuditActor } from './audit-log.ts';
import { agentNotFound } from './update-agent.ts';

/**
 * An admin resets an agent's password: the old password stops working at once (a reset is also what
 * one does after a leak) and the agent gets a new one-time link to choose another; earlier unused
 * links end. Their open sessions are left alone — "end sessions" is its own action — and all end when
 * the link is used. One transaction with its audit entry.
 */
export const resetAgentPassword = async (opts: {
  db: Db;
  mailer: Mailer | null;
  appUrl: string;
  by: AuditActor;
  agentId: string;
  now?: Date;
}): Promise<{ signInUrl: string; expiresAt: string; mailed: boolean }> => {
  const now = opts.now ?? new Date();
  const { db, agentId } = opts;
  const agent = await db.agent.findUnique({ where: { id: agentId }, include: { credential: { select: { agentId: true } } } });
  if (!agent) throw agentNotFound();
  if (!agent.active) throw new AppError('conflict', 'This agent is deactivated: reactivate them first.', 'id');
  const link = await db.$transaction(async (tx) => {
    await tx.agentCredential.deleteMany({ where: { agentId } });
    const issued = await issueAgentLink(tx, { agentId, kind: 'reset', now });
    await auditWrite(tx, { by: opts.by, action: 'agent.password_reset', agentId, changes: { password: [agent.credential ? 'set' : 'none', 'link_sent'] }, now });
    return issued;
  });
  const signInUrl = signInUrlFor(opts.appUrl, link.code);
  const mailed = mailAgentLink({ mailer: opts.mailer, to: agent.email, kind: 'reset', name: agent.name, nameZh: agent.nameZh, link: signInUrl });
  return { signInUrl, expiresAt: link.expiresAt.toISOString(), mailed };
};
