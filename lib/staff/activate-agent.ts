import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { setAgentStatus } from '../agents/presence.ts';

/**
 * The write that brings an agent back, to run in a transaction with what else records it (the admin
 * page's audit entry): they can sign in and be matched again once they choose to be online.
 */
export const agentReturnsWrite = (db: Pick<Db, 'agent'>, agentId: string) =>
  db.agent.update({ where: { id: agentId }, data: { active: true, status: 'offline', autoAway: false } });

/** An agent (re)joins the team: they can sign in and be matched again, with the status given. */
export const activateAgent = async (opts: { db: Db; email: string; status?: string }) => {
  const agent = await opts.db.agent.findUnique({ where: { email: opts.email.toLowerCase() } });
  if (!agent) throw new AppError('not_found', `No agent with email ${opts.email}.`, 'email');
  await agentReturnsWrite(opts.db, agent.id);
  const { status } = await setAgentStatus({ db: opts.db, agentId: agent.id, status: opts.status ?? 'offline' });
  return { agentId: agent.id, status };
};
