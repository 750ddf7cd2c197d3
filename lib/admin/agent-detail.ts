import type { Db } from '../db/client.ts';
import { toAdminAgentView, type AdminAgentView } from './agent-fields.ts';
import { listAudit, type AuditEntryView } from './audit-log.ts';
import { agentNotFound } from './update-agent.ts';

export type AdminAgentDetail = { agent: AdminAgentView; audit: AuditEntryView[] };

/** One agent for the edit form: every editable field, which of them the roster owns, and their audit log. */
export const getAgentDetail = async (opts: { db: Db; agentId: string; rosterOn: boolean }): Promise<AdminAgentDetail> => {
  const agent = await opts.db.agent.findUnique({ where: { id: opts.agentId }, include: { credential: { select: { agentId: true } } } });
  if (!agent) throw agentNotFound();
  return { agent: toAdminAgentView(agent, opts.rosterOn), audit: await listAudit({ db: opts.db, agentId: agent.id }) };
};
