import type { Db } from '../db/client.ts';
import type { Notifier } from '../events/types.ts';
import { loadAgentFacts } from '../requests/agent-load.ts';
import { availabilityOf } from '../agents/presence.ts';
import { offerHeldRequests } from '../requests/offer-held.ts';
import { findActiveBinding } from '../binding/get-active-binding.ts';
import { endActiveBinding } from '../binding/end-binding.ts';
import { OPEN_STATUSES } from '../requests/request-view.ts';
import { revocationTime } from '../credentials/sessions.ts';
import { getSessionCache } from '../credentials/session-cache.ts';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/**
 * What happened to the browser's exclusive agent when it became a known person's:
 * - `took_agent`: the person had none, so they keep the one this browser chose;
 * - `same_agent`: both had the same agent: one relationship;
 * - `kept_theirs`: the person already had their own agent, who stands; the browser's binding ended
 *   (kept as history, endReason "merged") and its open requests went to the person's agent;
 * - `none`: the browser had not chosen anyone.
 */
export type MergeOutcome = {
  kind: 'took_agent' | 'same_agent' | 'kept_theirs' | 'none';
  endedAgentId?: string;
  movedRequestIds: string[];
  /** the browser's own sessions, ended by the merge (their sockets are closed after it) */
  endedSessionIds: string[];
};

/**
 * Moves everything of an anonymous customer (`fromId`, one browser) to the person it turned out to be
 * (`intoId`): requests with their threads, ratings, gifts, callbacks, searches, push subscriptions and
 * bindings, then removes the empty browser customer. Runs in the caller's transaction; `afterCommit`
 * tells agents and sockets once the writes are in.
 */
export const mergeCustomerInto = async (opts: { tx: Tx; fromId: string; intoId: string; now?: Date }): Promise<MergeOutcome | null> => {
  const { tx, fromId, intoId } = opts;
  const now = opts.now ?? new Date();
  // A serialised step: the first statement takes the browser customer's row while it is still anonymous.
  // The same browser merged at the same moment elsewhere (two tabs, two instances) waits here for that
  // transaction and then finds the row gone: nothing is left to merge (null), instead of moving what the
  // other already moved, ending its binding twice and failing on the delete (a 500 before, on PostgreSQL).
  const { count } = await tx.customer.updateMany({ where: { id: fromId, externalId: null }, data: { updatedAt: now } });
  if (count !== 1) return null;
  const [fromActive, intoActive] = await Promise.all([
    findActiveBinding(tx, fromId),
    findActiveBinding(tx, intoId),
  ]);
  let outcome: Omit<MergeOutcome, 'endedSessionIds'> = { kind: 'none', movedRequestIds: [] };
  if (fromActive && !intoActive) {
    outcome = { kind: 'took_agent', movedRequestIds: [] };
  } else if (fromActive && intoActive) {
    // One relationship per person: the browser's binding gives way (kept as history), the agent's count follows.
    await endActiveBinding({ tx, customerId: fromId, reason: 'merged', now });
    if (fromActive.agentId === intoActive.agentId) {
      outcome = { kind: 'same_agent', movedRequestIds: [] };
    } else {
      // Its open requests go to the person's own agent: offered when they can take them (afterwards), held with the reason otherwise.
      const open = await tx.serviceRequest.findMany({ where: { customerId: fromId, agentId: fromActive.agentId, status: { in: [...OPEN_STATUSES] } }, select: { id: true } });
      const facts = await loadAgentFacts(tx as unknown as Db, intoActive.agentId);
      const a = facts ? availabilityOf(facts) : ({ available: false, reason: 'agent_left' } as const);
      if (open.length) {
        await tx.serviceRequest.updateMany({
          where: { id: { in: open.map((r) => r.id) } },
          data: {
            agentId: intoActive.agentId,
            boundAgentId: intoActive.agentId,
            bindingId: intoActive.id,
            status: 'pending',
            offeredAt: null,
            deliveredAt: null,
            acknowledgedAt: null,
            holdReason: a.available ? 'agent_busy' : a.reason,
            excludedAgentIds: '[]',
          },
        });
      }
      outcome = { kind: 'kept_theirs', endedAgentId: fromActive.agentId, movedRequestIds: open.map((r) => r.id) };
    }
  }
  const move = { where: { customerId: fromId }, data: { customerId: intoId } };
  await tx.binding.updateMany(move);
  await tx.serviceRequest.updateMany(move);
  await tx.rating.updateMany(move);
  await tx.giftSent.updateMany(move);
  await tx.callback.updateMany(move);
  await tx.matchSession.updateMany(move);
  await tx.pushSubscription.updateMany(move);
  await tx.answerMail.updateMany(move);
  await tx.upload.updateMany(move);
  // The browser's own sessions end; it gets the person's session in the same answer.
  const sessions = await tx.session.findMany({ where: { kind: 'customer', subjectId: fromId, revokedAt: null }, select: { id: true } });
  await tx.session.updateMany({ where: { id: { in: sessions.map((x) => x.id) } }, data: { revokedAt: revocationTime(now) } });
  // Dropped from this instance's cache now, and again by announceMerge once committed (a read in between may keep one).
  getSessionCache().forgetSessions(sessions.map((x) => x.id));
  await tx.customerLink.deleteMany({ where: { customerId: fromId } });
  await tx.customer.delete({ where: { id: fromId } });
  return { ...outcome, endedSessionIds: sessions.map((x) => x.id) };
};

/** After the merge is committed: the moved requests leave the old agent's console and reach the person's agent. */
export const announceMerge = async (opts: { db: Db; notify: Notifier; intoId: string; outcome: MergeOutcome }) => {
  const { db, notify, outcome } = opts;
  // The browser's sockets were the old customer's: they are closed, and the page reconnects as the person.
  getSessionCache().forgetSessions(outcome.endedSessionIds);
  notify.endSessions?.({ sessionIds: outcome.endedSessionIds });
  if (outcome.kind !== 'kept_theirs') return;
  for (const id of outcome.movedRequestIds) notify.withdrawFromAgent(outcome.endedAgentId!, id);
  const binding = await findActiveBinding(db, opts.intoId, { select: { agentId: true } });
  if (binding) await offerHeldRequests({ db, notify, agentId: binding.agentId });
};

/**
 * A browser takes on customer `intoId` (a handoff code, a sign-in link): its own anonymous customer, if it
 * had one, is merged into that customer (a known person's session on it is ended by signInBrowserAs).
 */
export const adoptBrowser = async (opts: { db: Db; intoId: string; current: { customerId: string | null }; now?: Date }): Promise<MergeOutcome | null> => {
  const { db, intoId, current } = opts;
  if (!current.customerId || current.customerId === intoId) return null;
  return db.$transaction(async (tx) => {
    const mine = await tx.customer.findUnique({ where: { id: current.customerId! }, select: { externalId: true } });
    return mine && mine.externalId === null ? mergeCustomerInto({ tx, fromId: current.customerId!, intoId, now: opts.now }) : null;
  });
};
