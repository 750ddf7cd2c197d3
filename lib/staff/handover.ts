import { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { Binding } from '../db/generated/sqlite/client.ts';
import type { Tx } from '../db/row-lock.ts';
import { AppError } from '../errors.ts';
import type { Notifier } from '../events/types.ts';
import { bindAgentReporting } from '../binding/bind-agent.ts';
import { findActiveBinding } from '../binding/get-active-binding.ts';
import { isPendingHandover, toHandoverView, type HandoverReason, type HandoverView } from '../binding/handover-view.ts';
import { offerHeldRequests } from '../requests/offer-held.ts';
import { loadAgentFacts } from '../requests/agent-load.ts';
import { availabilityOf } from '../agents/presence.ts';
import { parseStringList } from '../string-list.ts';
import { loadSuccessorPool, suggestSuccessors } from './handover-suggestion.ts';

/**
 * Handover with consent. When an agent leaves (deactivated, or removed by the roster) their customers
 * are not re-bound nor dropped behind their backs: each binding stays, marked `pending_handover`, and
 * the customer is asked — in their language, in the app, and by mail / push when away — to take the
 * suggested next agent (the history comes along: the new binding names the one it took over from) or to
 * choose again. Until they answer, their requests are covered as for any agent who is away (routing
 * already covers for an agent who left). An admin can move one agent's customers to a named colleague
 * the same way. The customer's answer is final and stays on the old binding (handoverAnswer).
 */

const endReasonOf = (reason: string | null) => (reason === 'moved' ? 'moved' : 'agent-left');

/** The write that puts an agent's customers on hold for their answer, in the leaving transaction. */
export const handoverWrites = (db: Db, agentId: string, now: Date) =>
  db.binding.updateMany({
    where: { agentId, endedAt: null },
    data: { state: 'pending_handover', handoverReason: 'agent_left', handoverAt: now, handoverToAgentId: null, handoverById: null, handoverAnswer: null, handoverAnsweredAt: null },
  });

const localeOf = (c: { locale: string | null }) => c.locale ?? 'zh-CN';

/** Tells each customer of these bindings what they are asked (after the commit). */
const announce = async (db: Db, notify: Notifier, bindingIds: readonly string[]) => {
  if (!bindingIds.length) return;
  const rows = await db.binding.findMany({ where: { id: { in: [...bindingIds] } }, include: { agent: true } });
  const suggestedIds = [...new Set(rows.map((b) => b.handoverToAgentId).filter((id): id is string => id !== null))];
  const suggested = new Map((await db.agent.findMany({ where: { id: { in: suggestedIds } } })).map((a) => [a.id, a]));
  for (const b of rows) notify.handoverChanged(b.customerId, toHandoverView(b, b.agent, b.handoverToAgentId ? (suggested.get(b.handoverToAgentId) ?? null) : null));
};

/**
 * After an agent left: a suggestion for each of their customers who waits for one, then the customers
 * are told. Idempotent (only bindings still pending without a suggestion are looked at), so a crash
 * between the leave and this step is mended by calling it again (the customer's own read does too).
 */
export const offerHandovers = async (opts: { db: Db; notify: Notifier; agentId: string; now?: Date }): Promise<number> => {
  const { db, agentId } = opts;
  const pending = await db.binding.findMany({
    where: { agentId, endedAt: null, state: 'pending_handover', handoverReason: 'agent_left', handoverToAgentId: null },
    include: { customer: { select: { locale: true } } },
    orderBy: { createdAt: 'asc' },
  });
  if (!pending.length) return 0;
  const leaving = await db.agent.findUniqueOrThrow({ where: { id: agentId }, select: { skills: true } });
  const picks = suggestSuccessors(await loadSuccessorPool(db, [agentId]), parseStringList(leaving.skills), pending.map((b) => ({ locale: localeOf(b.customer) })));
  // One statement per suggested colleague, not one per customer.
  const byTarget = new Map<string, string[]>();
  pending.forEach((b, i) => {
    const to = picks[i];
    if (to) (byTarget.get(to) ?? byTarget.set(to, []).get(to)!).push(b.id);
  });
  for (const [to, ids] of byTarget) {
    await db.binding.updateMany({ where: { id: { in: ids }, endedAt: null, state: 'pending_handover', handoverToAgentId: null }, data: { handoverToAgentId: to } });
  }
  await announce(db, opts.notify, pending.map((b) => b.id));
  return pending.length;
};

/** A new suggestion for one customer (the one they were offered filled up or left), excluding `also`. */
const suggestAgain = async (db: Db, b: Binding, also: string[]): Promise<string | null> => {
  const [leaving, customer] = await Promise.all([
    db.agent.findUniqueOrThrow({ where: { id: b.agentId }, select: { skills: true } }),
    db.customer.findUniqueOrThrow({ where: { id: b.customerId }, select: { locale: true } }),
  ]);
  const [to] = suggestSuccessors(await loadSuccessorPool(db, [b.agentId, ...also]), parseStringList(leaving.skills), [{ locale: localeOf(customer) }]);
  await db.binding.updateMany({ where: { id: b.id, endedAt: null, state: 'pending_handover' }, data: { handoverToAgentId: to ?? null } });
  return to ?? null;
};

/**
 * An admin moves one agent's customers to a named colleague: each is asked first, as when an agent
 * leaves. Customers already asked (pending) are asked again about the new colleague.
 */
export const moveCustomers = async (opts: {
  db: Db;
  notify: Notifier;
  fromAgentId: string;
  toAgentId: string;
  adminId: string | null;
  now?: Date;
  /** written in the same transaction as the move (the admin page's audit entry) */
  record?: (tx: Tx, moved: { pending: number; toName: string }) => Promise<unknown>;
}): Promise<{ pending: number }> => {
  const { db } = opts;
  const now = opts.now ?? new Date();
  if (opts.fromAgentId === opts.toAgentId) throw new AppError('invalid_input', 'Choose a colleague other than the agent themself.', 'toAgentId');
  const [from, to] = await Promise.all([db.agent.findUnique({ where: { id: opts.fromAgentId } }), db.agent.findUnique({ where: { id: opts.toAgentId } })]);
  if (!from) throw new AppError('not_found', 'No such agent.', 'id');
  if (!to) throw new AppError('not_found', 'No agent with this id to move the customers to.', 'toAgentId');
  if (!to.active) throw new AppError('conflict', `${to.name} has left the team: choose an active colleague.`, 'toAgentId');
  const ids = await db.$transaction(async (tx) => {
    const found = (await tx.binding.findMany({ where: { agentId: from.id, endedAt: null }, select: { id: true } })).map((b) => b.id);
    if (found.length) {
      await tx.binding.updateMany({
        where: { id: { in: found }, endedAt: null },
        data: { state: 'pending_handover', handoverReason: 'moved', handoverAt: now, handoverToAgentId: to.id, handoverById: opts.adminId, handoverAnswer: null, handoverAnsweredAt: null },
      });
    }
    await opts.record?.(tx, { pending: found.length, toName: to.name });
    return found;
  });
  await announce(db, opts.notify, ids);
  return { pending: ids.length };
};

/**
 * The agent came back before their customers answered: the question is withdrawn and each binding is
 * theirs again (a move an admin asked for stands: the agent did not leave).
 */
export const cancelHandovers = async (opts: { db: Db; notify: Notifier; agentId: string; now?: Date }): Promise<number> => {
  const { db } = opts;
  const now = opts.now ?? new Date();
  const ids = (await db.binding.findMany({ where: { agentId: opts.agentId, endedAt: null, state: 'pending_handover', handoverReason: 'agent_left' }, select: { id: true } })).map((b) => b.id);
  if (!ids.length) return 0;
  await db.binding.updateMany({ where: { id: { in: ids }, endedAt: null, state: 'pending_handover' }, data: { state: 'active', handoverAnswer: 'cancelled', handoverAnsweredAt: now } });
  await announce(db, opts.notify, ids);
  return ids.length;
};

export const handoverAnswerSchema = z.object({
  answer: z.enum(['accept', 'choose_again'], { error: 'must be "accept" or "choose_again"' }),
});

const noQuestion = () => new AppError('conflict', 'There is nothing to answer: your agent has not changed, or you answered already.', 'answer');

/**
 * The customer's answer, final and recorded on the old binding. `accept`: the suggested agent becomes
 * their exclusive agent (a place taken on their counter, as any choice), the new binding names the old
 * one, and requests held for the agent who left go to the new one. `choose_again`: the binding ends and
 * the customer searches as a newcomer does.
 */
export const answerHandover = async (opts: { db: Db; notify: Notifier; customerId: string; input: unknown; now?: Date }): Promise<{ handover: HandoverView; agentId: string | null }> => {
  const { db, notify, customerId } = opts;
  const { answer } = handoverAnswerSchema.parse(opts.input);
  const now = opts.now ?? new Date();
  const old = await findActiveBinding(db, customerId);
  if (!old || !isPendingHandover(old)) throw noQuestion();
  const to = answer === 'accept' ? old.handoverToAgentId : null;
  if (answer === 'accept' && !to) throw new AppError('conflict', 'Nobody can be suggested right now: please choose a new agent yourself.', 'answer');

  const ending = { endedAt: now, endReason: endReasonOf(old.handoverReason), handoverAnswer: answer === 'accept' ? 'accepted' : 'chose_again', handoverAnsweredAt: now };
  let newBindingId: string | null = null;
  try {
    await db.$transaction(async (tx) => {
      // Conditional: a second tab answering at the same moment, or the agent coming back, wins or loses whole.
      const { count } = await tx.binding.updateMany({ where: { id: old.id, endedAt: null, state: 'pending_handover', handoverToAgentId: old.handoverToAgentId }, data: ending });
      if (count !== 1) throw noQuestion();
      await tx.agent.update({ where: { id: old.agentId }, data: { activeBindings: { decrement: 1 } }, select: { id: true } });
      if (!to) return;
      const { binding } = await bindAgentReporting({ tx, customerId, agentId: to, now });
      await tx.binding.update({ where: { id: binding.id }, data: { previousBindingId: old.id }, select: { id: true } });
      newBindingId = binding.id;
    });
  } catch (err) {
    // The suggested agent filled up (or left) meanwhile: a new suggestion is made and shown; nothing was answered.
    if (err instanceof AppError && err.code === 'candidate_unavailable') {
      await suggestAgain(db, old, to ? [to] : []);
      await announce(db, notify, [old.id]);
      throw new AppError('candidate_unavailable', 'That agent has just become unable to take new customers. We have suggested someone else: please look again.', 'answer');
    }
    throw err;
  }

  if (to && newBindingId) {
    // What waited for the agent who left now waits for (or is offered to) the new one, told why it waits.
    const facts = await loadAgentFacts(db, to);
    const a = facts ? availabilityOf(facts) : null;
    await db.serviceRequest.updateMany({
      where: { customerId, agentId: old.agentId, status: 'pending', offeredAt: null },
      data: { agentId: to, boundAgentId: to, bindingId: newBindingId, holdReason: a && !a.available ? a.reason : 'agent_busy' },
    });
    await offerHeldRequests({ db, notify, agentId: to, now });
  }
  notify.bindingChanged(customerId, to);
  const fresh = await db.binding.findUniqueOrThrow({ where: { id: old.id }, include: { agent: true } });
  const handover = toHandoverView(fresh, fresh.agent, to ? await db.agent.findUnique({ where: { id: to } }) : null);
  notify.handoverChanged(customerId, handover);
  return { handover, agentId: to };
};
