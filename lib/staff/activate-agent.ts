import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { setAgentStatus } from '../agents/presence.ts';
import type { Notifier } from '../events/types.ts';
import { silentNotifier } from '../events/dispatcher.ts';
import { cancelHandovers } from './handover.ts';

/**
 * The write that brings an agent back, to run in a transaction with what else records it (the admin
 * page's audit entry): they can sign in and be matched again once they choose to be online. After the
 * commit, `afterAgentReturned`.
 */
export const agentReturnsWrite = (db: Pick<Db, 'agent'>, agentId: string) =>
  db.agent.update({ where: { id: agentId }, data: { active: true, status: 'offline', autoAway: false } });

/** Customers still asked whether to take someone else since the agent left keep them: the question is withdrawn. */
export const afterAgentReturned = (opts: { db: Db; notify: Notifier; agentId: string }) =>
  cancelHandovers({ db: opts.db, notify: opts.notify, agentId: opts.agentId });

/**
 * An agent (re)joins the team: they can sign in and be matched again, with the status given. Customers
 * still asked whether to take someone else since the agent left keep them: the question is withdrawn.
 */
export const activateAgent = async (opts: { db: Db; email: string; status?: string; notify?: Notifier }) => {
  const agent = await opts.db.agent.findUnique({ where: { email: opts.email.toLowerCase() } });
  if (!agent) throw new AppError('not_found', `No agent with email ${opts.email}.`, 'email');
  await agentReturnsWrite(opts.db, agent.id);
  const { status } = await setAgentStatus({ db: opts.db, agentId: agent.id, status: opts.status ?? 'offline' });
  const keptCustomers = await afterAgentReturned({ db: opts.db, notify: opts.notify ?? silentNotifier, agentId: agent.id });
  return { agentId: agent.id, status, keptCustomers };
};
