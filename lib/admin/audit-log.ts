import type { Db } from '../db/client.ts';
import type { Tx } from '../db/row-lock.ts';
import { getAdmin } from './admins.ts';

/**
 * The audit log (issue 28): every change an operator makes to an agent, who made it, when, and each
 * field before → after. An entry is written by the same transaction as the change it records, so
 * there is never a change without its entry, nor an entry for a change that rolled back.
 */

export type AuditAction =
  | 'agent.create'
  | 'agent.update'
  | 'agent.deactivate'
  | 'agent.reactivate'
  | 'agent.sessions_end'
  | 'agent.password_reset'
  | 'agent.password_set'
  | 'agent.customers_move';

/** `{ field: [before, after] }` */
export type AuditChanges = Record<string, [unknown, unknown]>;

/** Who made a change: an admin (id and email), or how another actor is shown (the agent's email, "cli"). */
export type AuditActor = { adminId: string | null; actor: string };

export type AuditEntryView = {
  id: string;
  actor: string;
  action: AuditAction;
  targetId: string;
  /** the agent's name now (the recent list names whom each entry is about) */
  targetName: string | null;
  changes: AuditChanges;
  at: string;
};

/** The admin behind a call, as the log names them; 401 when the session's admin no longer exists. */
export const auditActorFor = async (db: Db, adminId: string): Promise<AuditActor> => {
  const admin = await getAdmin({ db, adminId });
  return { adminId: admin.id, actor: admin.email };
};

/** The entry's insert, for the change's own transaction (a batch or an interactive one). */
export const auditWrite = (db: Pick<Db | Tx, 'auditEntry'>, opts: { by: AuditActor; action: AuditAction; agentId: string; changes: AuditChanges; now?: Date }) =>
  db.auditEntry.create({
    data: {
      adminId: opts.by.adminId,
      actor: opts.by.actor,
      action: opts.action,
      targetType: 'agent',
      targetId: opts.agentId,
      changes: JSON.stringify(opts.changes),
      ...(opts.now ? { createdAt: opts.now } : {}),
    },
  });

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields of `next` whose value differs from `before`'s, as before → after. */
export const changedFields = (before: Record<string, unknown>, next: Record<string, unknown>): AuditChanges => {
  const changes: AuditChanges = {};
  for (const [key, value] of Object.entries(next)) {
    if (value !== undefined && !same(before[key], value)) changes[key] = [before[key] ?? null, value];
  }
  return changes;
};

const parseChanges = (json: string): AuditChanges => {
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as AuditChanges) : {};
  } catch {
    return {};
  }
};

export const AUDIT_PAGE = 50;

/** The latest entries, newest first: of one agent, or of everyone. */
export const listAudit = async (opts: { db: Db; agentId?: string; take?: number }): Promise<AuditEntryView[]> => {
  const rows = await opts.db.auditEntry.findMany({
    where: { targetType: 'agent', ...(opts.agentId ? { targetId: opts.agentId } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: Math.min(opts.take ?? AUDIT_PAGE, 200),
  });
  const ids = [...new Set(rows.map((r) => r.targetId))];
  const names = new Map((ids.length ? await opts.db.agent.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : []).map((a) => [a.id, a.name]));
  return rows.map((r) => ({
    id: r.id,
    actor: r.actor,
    action: r.action as AuditAction,
    targetId: r.targetId,
    targetName: names.get(r.targetId) ?? null,
    changes: parseChanges(r.changes),
    at: r.createdAt.toISOString(),
  }));
};
