import type { Db } from '../db/client.ts';
import { createSession, revokeSession } from '../credentials/sessions.ts';
import type { Notifier } from '../events/types.ts';
import type { Customer } from '../db/generated/sqlite/client.ts';
import { announceMerge, type MergeOutcome } from './merge-customers.ts';

/** What the app is told after it became a person (identity, handoff, sign-in link). */
export type SwitchView = {
  /** the browser's agent gave way to the person's own (the app says so in words) */
  merged: { kind: MergeOutcome['kind']; endedAgentId?: string; movedRequests: number } | null;
};

export const toSwitchView = (merge: MergeOutcome | null): SwitchView => ({
  merged: merge ? { kind: merge.kind, ...(merge.endedAgentId ? { endedAgentId: merge.endedAgentId } : {}), movedRequests: merge.movedRequestIds.length } : null,
});

/** A fresh session for the customer unless this browser already holds one of theirs. */
export const sessionFor = async (opts: {
  db: Db;
  customer: Customer;
  current: { customerId: string | null };
  /** the browser's User-Agent: "Your devices" names the device from it */
  userAgent?: string | null;
}): Promise<string | null> => {
  if (opts.current.customerId === opts.customer.id) return null;
  return (await createSession({ db: opts.db, kind: 'customer', subjectId: opts.customer.id, userAgent: opts.userAgent })).token;
};

/**
 * The last step of every way in (the shop's identity, a handoff code, a sign-in link): the merged
 * browser's agents and sockets are told; a session of another known person on this browser (a shared
 * computer) ends; this browser gets the customer's session unless it already holds one.
 */
export const signInBrowserAs = async (opts: {
  db: Db;
  notify: Notifier;
  customer: Customer;
  merge: MergeOutcome | null;
  current: { customerId: string | null; sessionId: string | null };
  userAgent?: string | null;
}): Promise<{ token: string | null; view: SwitchView }> => {
  const { db, customer, merge, current } = opts;
  if (merge) await announceMerge({ db, notify: opts.notify, intoId: customer.id, outcome: merge });
  else if (current.customerId && current.customerId !== customer.id && current.sessionId) await revokeSession({ db, id: current.sessionId });
  const token = await sessionFor({ db, customer, current, userAgent: opts.userAgent });
  return { token, view: toSwitchView(merge) };
};
