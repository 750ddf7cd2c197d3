/**
 * Who makes a booked call when the customer's agent will not be there — the one place these rules
 * live (pure; the clock is passed in).
 *
 * | at the call's time | the booked agent is |
 * |---|---|
 * | they left the team | away: `agent_left` |
 * | the time is outside their working hours (they changed their hours or zone after the booking) | away: `off_hours` |
 * | the call is due (within the reminder lead) and they are not available now (away, offline, no console) | away: that reason |
 * | otherwise | there: nothing to offer |
 *
 * A cover for the call: not the booked agent, not away at that time by the same rules (works then,
 * and is available now when the call is due), speaks the customer's language, and has no other call
 * booked at that time. Among those, the ones who share a skill with the booked agent first, then the
 * matching order (capability, then id) — the same order as a request's cover (routing-policy.ts).
 */

import { availabilityOf, type UnavailableReason } from '../agents/presence.ts';
import { coverOrder, speaks } from '../requests/routing-policy.ts';
import { isWithinHours, type WorkingHours } from './slots.ts';

export type AwayReason = UnavailableReason | 'off_hours';

export type CallAgent = {
  id: string;
  active: boolean;
  status: string;
  connected: boolean;
  capability: number;
  languages: readonly string[];
  skills: readonly string[];
  hours: WorkingHours;
  timeZone: string;
};

export type CallFacts = {
  at: Date;
  /** the customer's language: the cover must speak it */
  locale: string;
};

/** A call is due once its reminder would be: from `leadMs` before its time. */
export const isCallDue = (at: Date, now: Date, leadMs: number): boolean => at.getTime() - leadMs <= now.getTime();

/** Why this agent will not make a call at `at`, or null when they will be there. */
export const awayAtCall = (agent: CallAgent, at: Date, now: Date, leadMs: number): AwayReason | null => {
  if (!agent.active) return 'agent_left';
  if (!isWithinHours({ hours: agent.hours, timeZone: agent.timeZone, at })) return 'off_hours';
  if (isCallDue(at, now, leadMs)) {
    const a = availabilityOf(agent);
    if (!a.available) return a.reason;
  }
  return null;
};

export type CoverContext = {
  call: CallFacts;
  /** the agent the call is booked with */
  boundId: string;
  /** agents who already have a call booked at the call's time */
  takenAt: ReadonlySet<string>;
  now: Date;
  leadMs: number;
};

export const canCover = (candidate: CallAgent, ctx: CoverContext): boolean =>
  candidate.id !== ctx.boundId &&
  !ctx.takenAt.has(candidate.id) &&
  speaks(candidate.languages, ctx.call.locale) &&
  awayAtCall(candidate, ctx.call.at, ctx.now, ctx.leadMs) === null;

export type CoverDecision = { away: null } | { away: AwayReason; coverId: string | null };

/** Is the booked agent away at the call's time, and if so, who can make the call instead (or nobody). */
export const decideCallCover = (opts: Omit<CoverContext, 'boundId'> & { bound: CallAgent; candidates: readonly CallAgent[] }): CoverDecision => {
  const away = awayAtCall(opts.bound, opts.call.at, opts.now, opts.leadMs);
  if (!away) return { away: null };
  const ctx = { ...opts, boundId: opts.bound.id };
  const fits = opts.candidates.filter((c) => canCover(c, ctx)).sort(coverOrder(opts.bound.skills));
  return { away, coverId: fits[0]?.id ?? null };
};
