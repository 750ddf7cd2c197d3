import type { Db } from '../db/client.ts';
import { log } from '../log.ts';
import type { Listener } from '../events/types.ts';
import { mailTiming } from './batching.ts';
import { composeAnswerMail, type AnswerMailContent } from './compose-mail.ts';
import type { Mailer } from './mailer.ts';

export type AnswerMailDeps = {
  db: Db;
  mailer: Mailer | null;
  /** does the customer have a live connection anywhere (the Socket.IO room, across instances)? */
  isCustomerLive: (customerId: string) => Promise<boolean>;
  /** the app's public address, for the link back */
  appUrl: string;
  windowMs: number;
  now?: () => Date;
};

type Key = `request:${string}` | `callback:${string}`;

/**
 * Reaches a customer who is not in the app: when their agent answers (a reply, a resolve, a change
 * to their callback, or the agent being away at the callback's time), one mail in the customer's
 * language with the answer and a link back — unless they are connected, turned e-mail off, or gave
 * no address. Bursts are batched: at most one mail per request (or callback) per window; what comes
 * in between waits in the database and goes out when the window ends (`sweep`).
 *
 * It listens to the domain events (lib/events), so the domain keeps publishing and knows nothing about mail.
 */
export const answerMailListener = (deps: AnswerMailDeps): { listener: Listener; sweep: () => Promise<number> } => {
  const now = deps.now ?? (() => new Date());
  const { db } = deps;

  /** Whether this customer may be mailed now; says why not in the log (tests wait for these lines). */
  const recipient = async (key: Key, customerId: string) => {
    const customer = await db.customer.findUnique({ where: { id: customerId } });
    if (!customer?.email) return null;
    if (customer.emailOff) {
      log.info({ key }, 'answer not mailed: the customer turned e-mail off');
      return null;
    }
    if (await deps.isCustomerLive(customerId)) {
      log.info({ key }, 'answer not mailed: the customer is connected');
      return null;
    }
    return customer;
  };

  const contentOf = async (key: Key, after: Date | null): Promise<{ content: AnswerMailContent; locale: string; link: string } | null> => {
    const [kind, id] = key.split(':') as ['request' | 'callback', string];
    if (kind === 'request') {
      const r = await db.serviceRequest.findUnique({
        where: { id },
        include: { agent: { select: { name: true, nameZh: true } }, messages: { where: { agentId: { not: null }, ...(after ? { createdAt: { gt: after } } : {}) }, orderBy: { createdAt: 'asc' } } },
      });
      if (!r) return null;
      const resolved = r.status === 'resolved' && (!after || (r.resolvedAt !== null && r.resolvedAt > after));
      if (!r.messages.length && !resolved) return null;
      const agentName = r.locale === 'zh-CN' ? r.agent.nameZh : r.agent.name;
      return { locale: r.locale, link: `${deps.appUrl}/?request=${encodeURIComponent(id)}`, content: { kind, agentName, request: r.message, answers: r.messages.map((m) => m.body), resolved } };
    }
    const c = await db.callback.findUnique({ where: { id }, include: { agent: { select: { name: true, nameZh: true } }, customer: { select: { locale: true } } } });
    if (!c) return null;
    const lastRequest = await db.serviceRequest.findFirst({ where: { customerId: c.customerId }, orderBy: { createdAt: 'desc' }, select: { locale: true } });
    const locale = c.customer.locale ?? lastRequest?.locale ?? 'zh-CN';
    const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: c.timeZone, timeZoneName: 'short' }).format(c.at);
    const status = c.status === 'booked' && c.awayToldAt ? 'agent_away' : c.status;
    return {
      locale,
      link: `${deps.appUrl}/?callback=${encodeURIComponent(id)}`,
      content: { kind, agentName: locale === 'zh-CN' ? c.agent.nameZh : c.agent.name, when, status, agentNote: c.agentNote },
    };
  };

  const deliver = async (key: Key, customerId: string, previousSentAt: Date | null, sentAt: Date) => {
    const customer = await recipient(key, customerId);
    if (!customer) return false;
    const found = await contentOf(key, previousSentAt);
    if (!found) return false;
    const mail = composeAnswerMail({ locale: found.locale, customerName: customer.name, link: found.link, content: found.content });
    try {
      await deps.mailer!.send({ to: customer.email!, ...mail });
      log.info({ key }, 'answer mailed');
      return true;
    } catch (err) {
      // Not lost: it waits and is tried again after a minute, with whatever else arrives.
      log.error({ err, key }, 'answer mail failed; will retry');
      await db.answerMail.update({ where: { key }, data: { lastSentAt: previousSentAt, pendingSince: sentAt, dueAt: new Date(sentAt.getTime() + 60_000) } });
      return false;
    }
  };

  const onAnswer = async (key: Key, customerId: string) => {
    if (!deps.mailer) return;
    if (!(await recipient(key, customerId))) return;
    const at = now();
    const row = await db.answerMail.upsert({ where: { key }, create: { key, customerId }, update: {} });
    const timing = mailTiming({ lastSentAt: row.lastSentAt, now: at, windowMs: deps.windowMs });
    if (timing.sendNow) {
      // Claimed where nobody else sent in the meantime: two answers at once make one mail.
      const claimed = await db.answerMail.updateMany({
        where: { key, OR: [{ lastSentAt: null }, { lastSentAt: { lte: new Date(at.getTime() - deps.windowMs) } }] },
        data: { lastSentAt: at, pendingSince: null, dueAt: null },
      });
      if (claimed.count === 1) {
        await deliver(key, customerId, row.lastSentAt, at);
        return;
      }
    }
    const fresh = await db.answerMail.findUniqueOrThrow({ where: { key } });
    const dueAt = fresh.lastSentAt ? new Date(fresh.lastSentAt.getTime() + deps.windowMs) : at;
    await db.answerMail.update({ where: { key }, data: { pendingSince: fresh.pendingSince ?? at, dueAt: fresh.dueAt ?? dueAt } });
    log.info({ key, dueAt }, 'answer mail batched');
  };

  const queue = (key: Key, customerId: string) => {
    onAnswer(key, customerId).catch((err) => log.error({ err, key }, 'answer mail failed'));
  };

  /** Sends what waited for its window to end; each batch claimed once (restarts, other instances). */
  const sweep = async (): Promise<number> => {
    if (!deps.mailer) return 0;
    const at = now();
    const due = await db.answerMail.findMany({ where: { dueAt: { lte: at } }, take: 50 });
    let sent = 0;
    for (const row of due) {
      const claimed = await db.answerMail.updateMany({ where: { key: row.key, dueAt: row.dueAt }, data: { lastSentAt: at, pendingSince: null, dueAt: null } });
      if (claimed.count === 1 && (await deliver(row.key as Key, row.customerId, row.lastSentAt, at))) sent++;
    }
    return sent;
  };

  const listener: Listener = {
    messageAdded: (target, message) => {
      if (message.agent) queue(`request:${message.requestId}`, target.customerId);
    },
    updateRequest: (target, update) => {
      if (update.status === 'resolved') queue(`request:${update.id}`, target.customerId);
    },
    callbackChanged: (target, callback) => {
      if (callback.changedBy === 'agent' || callback.agentAway) queue(`callback:${callback.id}`, target.customerId);
    },
  };
  return { listener, sweep };
};
