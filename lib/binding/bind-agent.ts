import type { Db } from '../db/client.ts';
import type { Binding } from '../db/generated/sqlite/client.ts';
import { AppError } from '../errors.ts';
import { findActiveBinding } from './get-active-binding.ts';

export type BindingView = {
  id: string;
  customerId: string;
  agentId: string;
  contact: { phone?: string; email?: string; im?: string };
  createdAt: string;
  endedAt: string | null;
};

export const toBindingView = (b: Binding): BindingView => ({
  id: b.id,
  customerId: b.customerId,
  agentId: b.agentId,
  contact: {
    ...(b.contactPhone ? { phone: b.contactPhone } : {}),
    ...(b.contactEmail ? { email: b.contactEmail } : {}),
    ...(b.contactIm ? { im: b.contactIm } : {}),
  },
  createdAt: b.createdAt.toISOString(),
  endedAt: b.endedAt ? b.endedAt.toISOString() : null,
});

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/**
 * S3: makes `agentId` the customer's exclusive agent, storing the customer's contact info with the
 * binding. A previous binding to another agent is ended (kept as history, endReason "rebind").
 * Choosing the agent one is already bound to changes nothing. Runs inside the caller's transaction.
 */
export const bindAgent = async (opts: { tx: Tx; customerId: string; agentId: string; now?: Date }): Promise<Binding> => (await bindAgentReporting(opts)).binding;

/** bindAgent, also saying whether this call made the binding (false: it was already the customer's agent). */
export const bindAgentReporting = async (opts: { tx: Tx; customerId: string; agentId: string; now?: Date }): Promise<{ binding: Binding; created: boolean }> => {
  const { tx, customerId, agentId } = opts;
  const now = opts.now ?? new Date();
  // A serialised step on the customer: the first statement takes their row, and only while they are not
  // erased. An erasure at the same moment (DELETE /api/customers/me in another tab) takes the same row first
  // thing: whichever comes second waits, so an erased customer is never bound after the erasure ended their
  // binding (on PostgreSQL that happened in 8 of 8 rounds before), and the contact read below is the latest.
  const { count: present } = await tx.customer.updateMany({ where: { id: customerId, erasedAt: null }, data: { updatedAt: now } });
  const customer = present === 1 ? await tx.customer.findUnique({ where: { id: customerId } }) : null;
  if (!customer) throw new AppError('customer_required', 'Please tell us how to reach you first.', 'customer');
  if (!customer.phone && !customer.email && !customer.im) {
    throw new AppError('invalid_input', 'Give at least one of phone, email or IM account.', 'contact');
  }
  const active = await findActiveBinding(tx, customerId);
  if (active?.agentId === agentId) return { binding: active, created: false };
  if (active) {
    // A customer asked about a handover who searches and chooses for themself has answered "choose again".
    const answered = active.state === 'pending_handover'
      ? { endReason: active.handoverReason === 'moved' ? 'moved' : 'agent-left', handoverAnswer: 'chose_again', handoverAnsweredAt: now }
      : { endReason: 'rebind' };
    await tx.binding.update({ where: { id: active.id }, data: { endedAt: now, ...answered } });
    await tx.agent.update({ where: { id: active.agentId }, data: { activeBindings: { decrement: 1 } }, select: { id: true } });
  }
  // Taking a place is one conditional statement on the counter matching filters on (Agent.activeBindings),
  // in the same transaction as the binding: two customers racing for the last place cannot both pass, on
  // PostgreSQL (the second UPDATE waits for the first's row lock, then re-reads the row) as on SQLite.
  const { count } = await tx.agent.updateMany({
    where: { id: agentId, activeBindings: { lt: tx.agent.fields.capacity } },
    data: { activeBindings: { increment: 1 } },
  });
  if (count !== 1) throw new AppError('candidate_unavailable', 'This agent has just reached their limit of customers. Please skip to the next one.', 'matchId');
  const binding = await tx.binding.create({
    data: {
      customerId,
      agentId,
      contactPhone: customer.phone,
      contactEmail: customer.email,
      contactIm: customer.im,
      createdAt: now,
    },
  });
  return { binding, created: true };
};
