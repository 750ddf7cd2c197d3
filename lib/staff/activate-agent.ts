import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { setAgentStatus } from '../agents/presence.ts';
import type { Notifier } from '../events/types.ts';
import { silentNotifier } from '../events/dispatcher.ts';
import { cancelHandovers } from './handover.ts';

/**
 * An agent (re)joins the team: they can sign in and be matched again, with the status given. Customers
 * still asked whether to take someone else since the agent left keep them: the question is withdrawn.
 */
export const activateAgent = async (opts: { db: Db; email: string; status?: string; notify?: Notifier }) => {
  const agent = await opts.db.agent.findUnique({ where: { email: opts.email.toLowerCase() } });
  if (!agent) throw new AppError('not_found', `No agent with email ${opts.email}.`, 'email');
  await opts.db.agent.update({ where: { id: agent.id }, data: { active: true } });
  const { status } = await setAgentStatus({ db: opts.db, agentId: agent.id, status: opts.status ?? 'offline' });
  const keptCustomers = await cancelHandovers({ db: opts.db, notify: opts.notify ?? silentNotifier, agentId: agent.id });
  return { agentId: agent.id, status, keptCustomers };
};
