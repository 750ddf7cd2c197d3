import type { Db } from '../db/client.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { AppError } from '../errors.ts';
import type { Mailer } from '../mail/mailer.ts';
import { AVATAR_COLORS, handleFor, startingCapability } from '../agents/new-agent.ts';
import { createAgentSchema, toAdminAgentView, toAgentData, type AdminAgentView } from './agent-fields.ts';
import { issueAgentLink, mailAgentLink, signInUrlFor } from './agent-links.ts';
import { auditWrite, changedFields, type AuditActor } from './audit-log.ts';

const emailTaken = (email: string) => new AppError('conflict', `An agent with the email ${email} exists already.`, 'email');

/**
 * An admin adds an agent (issue 28): the agent, their invitation link and the audit entry are one
 * transaction. They have no password until they open the link; it is returned to the admin always (to
 * copy) and mailed when mail is set up. The agent starts offline with the capability of a newcomer.
 */
export const createAgent = async (opts: {
  db: Db;
  mailer: Mailer | null;
  appUrl: string;
  by: AuditActor;
  input: unknown;
  rosterOn: boolean;
  now?: Date;
}): Promise<{ agent: AdminAgentView; signInUrl: string; mailed: boolean }> => {
  const fields = createAgentSchema.parse(opts.input);
  const now = opts.now ?? new Date();
  const { db } = opts;
  if (await db.agent.findUnique({ where: { email: fields.email }, select: { id: true } })) throw emailTaken(fields.email);
  const base = fields.email.split('@')[0]!.toLowerCase();
  const taken = new Set((await db.agent.findMany({ where: { handle: { startsWith: base.slice(0, 20) } }, select: { handle: true } })).map((a) => a.handle));
  const count = await db.agent.count();
  const data = { ...toAgentData(fields), nameZh: fields.nameZh || fields.name };
  let made;
  try {
    made = await db.$transaction(async (tx) => {
      const agent = await tx.agent.create({
        data: {
          ...(data as typeof data & { email: string; name: string }),
          handle: handleFor(fields.email, now.getTime().toString(36), taken),
          capability: startingCapability(),
          avatarColor: AVATAR_COLORS[count % AVATAR_COLORS.length]!,
          status: 'offline',
        },
      });
      const link = await issueAgentLink(tx, { agentId: agent.id, kind: 'invite', now });
      const view = toAdminAgentView(agent, opts.rosterOn);
      // What the admin gave, as it was stored (the Chinese name filled in, the defaults of what they left out).
      const recorded = Object.fromEntries(Object.keys(createAgentSchema.shape).map((k) => [k, view[k as keyof typeof view]]).filter(([, v]) => v !== ''));
      await auditWrite(tx, { by: opts.by, action: 'agent.create', agentId: agent.id, changes: changedFields({}, recorded), now });
      return { agent: view, code: link.code };
    });
  } catch (err) {
    // Another admin added the same address a moment ago.
    if (isUniqueViolation(err)) throw emailTaken(fields.email);
    throw err;
  }
  const signInUrl = signInUrlFor(opts.appUrl, made.code);
  const mailed = mailAgentLink({ mailer: opts.mailer, to: made.agent.email, kind: 'invite', name: made.agent.name, nameZh: made.agent.nameZh, link: signInUrl });
  return { agent: made.agent, signInUrl, mailed };
};
