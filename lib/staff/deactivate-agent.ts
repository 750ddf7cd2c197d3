import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import type { Notifier } from '../events/types.ts';
import { rerouteOpenRequestsOf } from '../requests/reassign-request.ts';
import { reviewAgentCallbacks } from '../callbacks/offer-cover.ts';
import { revocationTime } from '../credentials/sessions.ts';
import { getSessionCache } from '../credentials/session-cache.ts';
import { handoverWrites, offerHandovers } from './handover.ts';

/** The reminder lead a cover is judged by when nobody passes one (the default of CALLBACK_REMINDER_LEAD_MS). */
const DEFAULT_LEAD_MS = 5 * 60_000;

/**
 * The writes that make an agent leave, to run in one transaction (alone, or with a roster sync's
 * other changes): no sign-in, no matching, offline; their bindings wait for each customer's answer
 * (`pending_handover`, lib/staff/handover.ts) — the customer keeps their counted place until they take the
 * suggested next agent or choose again. Their sessions are revoked in the same commit:
 * instances keep live sessions in memory and learn of an end only by its revocation (session-cache.ts),
 * so an inactive agent with a session left unrevoked (a crash right after the commit) must not exist.
 */
export const agentLeavesWrites = (db: Db, agentId: string, now: Date) =>
  [
    db.agent.update({ where: { id: agentId }, data: { active: false, status: 'offline', autoAway: false } }),
    handoverWrites(db, agentId, now),
    db.session.updateMany({ where: { kind: 'agent', subjectId: agentId, revokedAt: null }, data: { revokedAt: revocationTime(now) } }),
  ] as const;

/**
 * After the leave is committed: every token of theirs stops working and their open sockets close
 * (here, or by the next session re-check on another instance); their open requests go to the next
 * best available agents; each customer with a call booked with them is told at once and offered a
 * cover (lib/callbacks/offer-cover.ts).
 */
export const afterAgentLeft = async (opts: { db: Db; notify: Notifier; agentId: string; now: Date; leadMs?: number }) => {
  // Revoked by the commit already (agentLeavesWrites): only this instance's cache is left to drop them from.
  getSessionCache().forgetSubject('agent', opts.agentId);
  opts.notify.endSessions?.({ agentId: opts.agentId });
  const rerouted = await rerouteOpenRequestsOf({ db: opts.db, notify: opts.notify, agentId: opts.agentId, now: opts.now });
  opts.notify.agentPresence({ agentId: opts.agentId, status: 'offline', available: false, reason: 'agent_left' });
  await reviewAgentCallbacks({ db: opts.db, notify: opts.notify, agentId: opts.agentId, now: opts.now, leadMs: opts.leadMs ?? DEFAULT_LEAD_MS });
  await offerHandovers({ db: opts.db, notify: opts.notify, agentId: opts.agentId, now: opts.now });
  return rerouted;
};

/**
 * An agent leaves: they can no longer sign in or be matched, each of their customers is asked to take
 * the suggested next agent or choose again (handover with consent), and their open requests go to the next best available agents. Used by
 * `npm run agent -- deactivate`; the roster sync does the same for agents no longer on the roster.
 */
export const deactivateAgent = async (opts: { db: Db; notify: Notifier; email: string; now?: Date }) => {
  const now = opts.now ?? new Date();
  const agent = await opts.db.agent.findUnique({ where: { email: opts.email.toLowerCase() } });
  if (!agent) throw new AppError('not_found', `No agent with email ${opts.email}.`, 'email');
  const [, ended] = await opts.db.$transaction([...agentLeavesWrites(opts.db, agent.id, now)]);
  const rerouted = await afterAgentLeft({ db: opts.db, notify: opts.notify, agentId: agent.id, now });
  return { agentId: agent.id, pendingHandovers: ended.count, reroutedRequests: rerouted.length };
};
