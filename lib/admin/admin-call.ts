import { getEnv } from '../env.ts';
import type { Db } from '../db/client.ts';
import { auditActorFor, type AuditActor } from './audit-log.ts';

/** What every agent-management route needs besides the body: who the admin is, and the settings that shape the answer. */
export type AdminCallContext = { by: AuditActor; rosterOn: boolean; appUrl: string; leadMs: number };

export const adminCallContext = async (db: Db, adminId: string): Promise<AdminCallContext> => {
  const env = getEnv();
  return {
    by: await auditActorFor(db, adminId),
    // The roster owns fields only while a roster is configured (lib/admin/agent-fields.ts).
    rosterOn: Boolean(env.ROSTER_SOURCE),
    // Links point at APP_URL, never at the Host the call came to (as the customers' sign-in links).
    appUrl: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    leadMs: env.CALLBACK_REMINDER_LEAD_MS,
  };
};
