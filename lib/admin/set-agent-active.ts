import type { Db } from '../db/client.ts';
import type { Tx } from '../db/row-lock.ts';
import { withRowLock } from '../db/row-lock.ts';
import type { Notifier } from '../events/types.ts';
import { afterAgentLeft, agentLeavesWrites } from '../staff/deactivate-agent.ts';
import { afterAgentReturned, agentReturnsWrite } from '../staff/activate-agent.ts';
import { toAdminAgentView, type AdminAgentView } from './agent-fields.ts';
import { auditWrite, type AuditActor } from './audit-log.ts';
import { agentNotFound, rosterOwnedError } from './update-agent.ts';

type Opts = { db: Db; by: AuditActor; agentId: string; rosterOn: boolean; now?: Date };

/**
 * Flips `active` under the agent's row lock with the given writes and an audit entry, in one
 * transaction; nothing (and no entry) when it is already so. The roster owns `active` of its agents.
 */
const setActive = async (opts: Opts, active: boolean, writes: (tx: Tx, now: Date) => Promise<unknown>) => {
  const now = opts.now ?? new Date();
  return withRowLock(opts.db, { table: 'Agent', id: opts.agentId }, async (tx) => {
    const before = await tx.agent.findUnique({ where: { id: opts.agentId }, select: { active: true, employeeId: true } });
    if (!before) throw agentNotFound();
    if (before.active === active) return false;
    if (opts.rosterOn && before.employeeId) throw rosterOwnedError('active', before.employeeId);
    await writes(tx, now);
    await auditWrite(tx, { by: opts.by, action: active ? 'agent.reactivate' : 'agent.deactivate', agentId: opts.agentId, changes: { active: [before.active, active] }, now });
    return true;
  });
};

const viewOf = async (opts: Opts): Promise<AdminAgentView> =>
  toAdminAgentView(await opts.db.agent.findUniqueOrThrow({ where: { id: opts.agentId }, include: { credential: { select: { agentId: true } } } }), opts.rosterOn);

/**
 * The agent leaves, by the same rules as `npm run agent -- deactivate` (lib/staff/deactivate-agent.ts):
 * the leaving writes and the audit entry commit together (and their unused sign-in links go), then
 * their sessions end, their open requests are re-routed and their customers told.
 */
export const deactivateAgentByAdmin = async (opts: Opts & { notify: Notifier; leadMs?: number }): Promise<AdminAgentView> => {
  const now = opts.now ?? new Date();
  const left = await setActive({ ...opts, now }, false, async (tx, at) => {
    for (const write of agentLeavesWrites(tx as unknown as Db, opts.agentId, at)) await write;
    await tx.agentLink.deleteMany({ where: { agentId: opts.agentId, usedAt: null } });
  });
  if (left) await afterAgentLeft({ db: opts.db, notify: opts.notify, agentId: opts.agentId, now, leadMs: opts.leadMs });
  return viewOf(opts);
};

/**
 * The agent is back (`npm run agent -- activate`): they can sign in again, and start offline; customers
 * still asked whether to move since they left keep them (the question is withdrawn).
 */
export const reactivateAgentByAdmin = async (opts: Opts & { notify: Notifier }): Promise<AdminAgentView> => {
  const back = await setActive(opts, true, async (tx) => {
    await agentReturnsWrite(tx, opts.agentId);
  });
  if (back) await afterAgentReturned({ db: opts.db, notify: opts.notify, agentId: opts.agentId });
  return viewOf(opts);
};
