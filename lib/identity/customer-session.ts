import type { Db } from '../db/client.ts';
import { createSession } from '../credentials/sessions.ts';
import type { Customer } from '../db/generated/sqlite/client.ts';
import type { MergeOutcome } from './merge-customers.ts';

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
