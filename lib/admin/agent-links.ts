import crypto from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { Tx } from '../db/row-lock.ts';
import { AppError } from '../errors.ts';
import { log } from '../log.ts';
import type { Mailer } from '../mail/mailer.ts';
import { mailHtml } from '../mail/compose-mail.ts';
import { hashPassword } from '../credentials/password.ts';
import { createSession, revocationTime } from '../credentials/sessions.ts';
import { getSessionCache } from '../credentials/session-cache.ts';
import { changePasswordSchema } from '../agents/change-password.ts';
import { toAgentCard, type AgentCard } from '../agents/agent-card.ts';
import { auditWrite } from './audit-log.ts';

/**
 * One-time sign-in links for agents (issue 28): an invited agent, or one whose password an admin
 * reset, opens the link and sets a password — no password ever travels in a mail. 256 random bits,
 * stored only as their sha256; used once (a conditional update: two tabs racing with one link, one
 * wins); a new link of an agent ends their earlier unused ones. Lifetimes in docs/decisions.md.
 */
export type AgentLinkKind = 'invite' | 'reset';

export const AGENT_LINK_TTL_MS: Record<AgentLinkKind, number> = {
  // A new colleague may open the mail on their first morning, days after the admin added them.
  invite: 7 * 24 * 3600_000,
  // Someone who asked for a reset is waiting for it.
  reset: 24 * 3600_000,
};

const hashOf = (code: string) => crypto.createHash('sha256').update(code).digest('hex');

/** Where the agent opens the link: a page of the agent console (app/agent/welcome). */
export const signInUrlFor = (appUrl: string, code: string) => `${appUrl.replace(/\/$/, '')}/agent/welcome?code=${code}`;

/** A new link's writes, for the transaction that also records why it was made. */
export const issueAgentLink = async (tx: Pick<Tx, 'agentLink'>, opts: { agentId: string; kind: AgentLinkKind; now: Date }): Promise<{ code: string; expiresAt: Date }> => {
  const code = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(opts.now.getTime() + AGENT_LINK_TTL_MS[opts.kind]);
  await tx.agentLink.deleteMany({ where: { agentId: opts.agentId, usedAt: null } });
  await tx.agentLink.create({ data: { id: hashOf(code), agentId: opts.agentId, kind: opts.kind, createdAt: opts.now, expiresAt } });
  return { code, expiresAt };
};

const WORDS = {
  invite: {
    subject: '欢迎加入专属客服团队 · Welcome to the Exclusive Agent team',
    zh: '欢迎！请打开此链接设置您的密码并登录客服控制台。链接只能使用一次，7 天后失效：',
    en: 'Welcome! Open this link to set your password and sign in to the agent console. It works once and expires in 7 days:',
  },
  reset: {
    subject: '设置新密码 · Set a new password',
    zh: '管理员为您重置了密码。请打开此链接设置新密码。链接只能使用一次，24 小时后失效：',
    en: 'An admin reset your password. Open this link to set a new one. It works once and expires in 24 hours:',
  },
} as const;

/** The mail carries the link and nothing else of value: never a password. Both languages: we do not know the agent's. */
export const composeAgentLinkMail = (opts: { kind: AgentLinkKind; name: string; nameZh: string; link: string }) => {
  const w = WORDS[opts.kind];
  const lines = [`${opts.nameZh || opts.name}，您好：`, w.zh, opts.link, '', `Hello ${opts.name},`, w.en, opts.link, '', '如果您不认识发件人，请忽略此邮件。 If this mail was not meant for you, ignore it.'];
  return { subject: w.subject, text: lines.join('\n'), html: mailHtml({ locale: 'zh-CN', lines, link: opts.link }) };
};

/** Sends the link in the background when mail is set up; says whether it tried. */
export const mailAgentLink = (opts: { mailer: Mailer | null; to: string; kind: AgentLinkKind; name: string; nameZh: string; link: string }): boolean => {
  if (!opts.mailer) return false;
  opts.mailer.send({ to: opts.to, ...composeAgentLinkMail(opts) }).catch((err) => log.warn({ err: (err as Error).message }, 'agent sign-in link not sent'));
  return true;
};

export const redeemAgentLinkSchema = z.object({
  code: z.string({ error: 'is required' }).max(200),
  password: changePasswordSchema.shape.newPassword,
});

const invalid = () =>
  new AppError('invalid_code', 'This link is not valid any more: it was used, it expired, or it was mistyped. Ask your admin for a new one.', 'code');

/**
 * The agent opens their link and chooses a password: the link is used up, the password set, every
 * earlier session of theirs ended, and they are signed in with a new one (as a sign-in does). The
 * password is checked first, so a too-short one does not use the link up.
 */
export const redeemAgentLink = async (opts: { db: Db; input: unknown; now?: Date }): Promise<{ agent: AgentCard & { email: string }; token: string; sessionId: string }> => {
  const { code, password } = redeemAgentLinkSchema.parse(opts.input);
  if (!/^[A-Za-z0-9_-]{40,64}$/.test(code)) throw invalid();
  const now = opts.now ?? new Date();
  const id = hashOf(code);
  const passwordHash = await hashPassword(password);
  const agent = await opts.db.$transaction(async (tx) => {
    const { count } = await tx.agentLink.updateMany({ where: { id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (count !== 1) throw invalid();
    const link = await tx.agentLink.findUniqueOrThrow({ where: { id } });
    const found = await tx.agent.findUnique({ where: { id: link.agentId }, include: { credential: true } });
    // An agent who left meanwhile is let in by nothing (the throw rolls the use back: it is moot).
    if (!found?.active) throw invalid();
    await tx.agentCredential.upsert({ where: { agentId: found.id }, create: { agentId: found.id, passwordHash }, update: { passwordHash } });
    await tx.session.updateMany({ where: { kind: 'agent', subjectId: found.id, revokedAt: null }, data: { revokedAt: revocationTime(now) } });
    await auditWrite(tx, { by: { adminId: null, actor: found.email }, action: 'agent.password_set', agentId: found.id, changes: { password: [found.credential ? 'set' : 'none', 'set'] }, now });
    return found;
  });
  getSessionCache().forgetSubject('agent', agent.id);
  const { token, session } = await createSession({ db: opts.db, kind: 'agent', subjectId: agent.id, now });
  return { agent: { ...toAgentCard(agent), email: agent.email }, token, sessionId: session.id };
};
