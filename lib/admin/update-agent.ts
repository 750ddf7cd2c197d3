import type { Db } from '../db/client.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { withRowLock } from '../db/row-lock.ts';
import { AppError } from '../errors.ts';
import type { Notifier } from '../events/types.ts';
import { reviewAgentCallbacks } from '../callbacks/offer-cover.ts';
import { offerHeldRequests } from '../requests/offer-held.ts';
import { toAdminAgentView, toAgentData, updateAgentSchema, type AdminAgentView } from './agent-fields.ts';
import { auditWrite, changedFields, type AuditActor } from './audit-log.ts';

export const agentNotFound = () => new AppError('not_found', 'No such agent.', 'id');

export const rosterOwnedError = (field: string, employeeId: string | null) =>
  new AppError('roster_owned', `${field} of this agent comes from the roster (employee ${employeeId}): change it there, or the next sync would undo it.`, field);

/**
 * An admin edits an agent (issue 28). Only the fields that differ are written, with one audit entry
 * naming each before → after, in one step under the agent's row lock (two admins saving at once: the
 * second reads what the first committed, so its "before" is true). A field the roster owns is refused
 * (409 `roster_owned`) when the value would change. Afterwards: new hours re-check the agent's booked
 * calls; a higher open-request limit offers what was held for them as busy.
 */
export const updateAgent = async (opts: {
  db: Db;
  notify: Notifier;
  by: AuditActor;
  agentId: string;
  input: unknown;
  rosterOn: boolean;
  leadMs: number;
  now?: Date;
}): Promise<AdminAgentView> => {
  const fields = updateAgentSchema.parse(opts.input);
  const now = opts.now ?? new Date();
  const { db } = opts;
  let result;
  try {
    result = await withRowLock(db, { table: 'Agent', id: opts.agentId }, async (tx) => {
      const before = await tx.agent.findUnique({ where: { id: opts.agentId }, include: { credential: { select: { agentId: true } } } });
      if (!before) throw agentNotFound();
      const view = toAdminAgentView(before, opts.rosterOn);
      // A Chinese name left empty is the name, as when the agent was added.
      if (fields.nameZh === '') fields.nameZh = fields.name ?? before.name;
      const changes = changedFields(view, fields);
      const owned = Object.keys(changes).find((f) => view.rosterOwned.includes(f));
      if (owned) throw rosterOwnedError(owned, before.employeeId);
      if (!Object.keys(changes).length) return { view, changes };
      const next = Object.fromEntries(Object.entries(fields).filter(([k]) => k in changes));
      const after = await tx.agent.update({ where: { id: before.id }, data: toAgentData(next), include: { credential: { select: { agentId: true } } } });
      await auditWrite(tx, { by: opts.by, action: 'agent.update', agentId: before.id, changes, now });
      return { view: toAdminAgentView(after, opts.rosterOn), changes };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('conflict', 'Another agent has this email address.', 'email');
    throw err;
  }
  const changed = Object.keys(result.changes);
  if (changed.includes('timeZone') || changed.includes('workingHours')) {
    await reviewAgentCallbacks({ db, notify: opts.notify, agentId: opts.agentId, now, leadMs: opts.leadMs });
  }
  if (changed.includes('maxOpenRequests')) await offerHeldRequests({ db, notify: opts.notify, agentId: opts.agentId, now });
  return result.view;
};
