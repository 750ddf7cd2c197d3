import type { Db } from '../db/client.ts';
import type { Actor } from './authorize.ts';
import { COOKIE } from '../credentials/session.ts';
import { hashToken, readSession, type ReadSession } from '../credentials/sessions.ts';

/** Who is calling, from the cookies (browser) or a bearer token (agent scripts, socket auth). */
export type ResolvedActor = {
  actor: Actor;
  customerSession: ReadSession | null;
  agentSession: ReadSession | null;
  adminSession: ReadSession | null;
};

export const resolveActor = async (opts: {
  db: Db;
  cookie: (name: string) => string | undefined;
  /** `Authorization: Bearer …` or a socket's `auth.token`: an agent token */
  bearer?: string | null;
  now?: Date;
}): Promise<ResolvedActor> => {
  const { db, cookie, now } = opts;
  const [customerSession, agentSession, adminSession] = await Promise.all([
    readSession({ db, kind: 'customer', token: cookie(COOKIE.customer), now }),
    // A bearer token, when given, is the agent's identity; the cookie is the fallback.
    readSession({ db, kind: 'agent', token: opts.bearer ?? cookie(COOKIE.agent), now }).then(
      (s) => s ?? (opts.bearer ? readSession({ db, kind: 'agent', token: cookie(COOKIE.agent), now }) : null),
    ),
    cookie(COOKIE.admin) ? readSession({ db, kind: 'admin', token: cookie(COOKIE.admin), now }) : Promise.resolve(null),
  ]);
  const visitor = cookie(COOKIE.visitor);
  return {
    actor: {
      customerId: customerSession?.subjectId ?? null,
      agentId: agentSession?.subjectId ?? null,
      visitorId: visitor && /^[A-Za-z0-9_-]{20,64}$/.test(visitor) ? hashToken(visitor) : null,
      adminId: adminSession?.subjectId ?? null,
    },
    customerSession,
    agentSession,
    adminSession,
  };
};
