import type { Db } from '../db/client.ts';
import { log } from '../log.ts';
import type { Listener } from '../events/types.ts';
import type { PushPayload, PushSender } from './send-push.ts';
import { getSubscribers, type Subscribers } from './subscribers.ts';

const WORDS = {
  en: {
    replied: (agent: string) => `${agent} replied`,
    resolved: (agent: string) => `${agent} resolved your request`,
    callback: (agent: string) => `Your call with ${agent} changed`,
    callbackAway: 'Your agent is away at the time of your call. Open the app to pick another time.',
    callbackCover: (cover: string) => `Your agent is away at the time of your call. ${cover} can call you instead: open the app to choose.`,
    one: (customer: string) => `New request from ${customer}`,
    many: (n: number) => `${n} requests are waiting for you`,
    manyBody: 'Open the console to see them.',
    due: (customer: string) => `Call ${customer} now`,
    handover: (from: string) => `${from} can no longer look after you`,
    handoverBody: (to: string | null) => (to ? `Take ${to} as your new agent, or choose again: open the app.` : 'Open the app to choose a new agent.'),
  },
  'zh-CN': {
    replied: (agent: string) => `${agent} 回复了您`,
    resolved: (agent: string) => `${agent} 已解决您的请求`,
    callback: (agent: string) => `您与 ${agent} 的回电预约有变化`,
    callbackAway: '您的客服在预约时间不在。请打开应用另选时间。',
    callbackCover: (cover: string) => `您的客服在预约时间不在。${cover} 可以代为给您回电：请打开应用选择。`,
    one: (customer: string) => `${customer} 发来新请求`,
    many: (n: number) => `有 ${n} 个请求在等您`,
    manyBody: '打开工作台查看。',
    due: (customer: string) => `现在请给 ${customer} 回电`,
    handover: (from: string) => `${from} 无法继续为您服务`,
    handoverBody: (to: string | null) => (to ? `接受 ${to} 作为新的专属客服，或重新选择：请打开应用。` : '请打开应用重新选择客服。'),
  },
} as const;

const words = (locale: string | null | undefined) => WORDS[locale === 'zh-CN' ? 'zh-CN' : 'en'];
const short = (s: string) => (s.length > 140 ? `${s.slice(0, 139)}…` : s);

/**
 * Pure: what an agent without an open console is shown about waiting requests. One notification,
 * always under the same tag, so the device keeps one: a single request by name, several as a count —
 * an agent starting a shift with a backlog gets one summary, not a flood.
 */
export const waitingNotice = (opts: { waiting: number; newest: { customer: string; message: string }; locale?: string | null }): PushPayload => {
  const w = words(opts.locale);
  return opts.waiting <= 1
    ? { title: w.one(opts.newest.customer), body: short(opts.newest.message), url: '/agent', tag: 'requests-waiting' }
    : { title: w.many(opts.waiting), body: w.manyBody, url: '/agent', tag: 'requests-waiting' };
};

/**
 * Web Push for people who are not in the app: customers (answers, callback changes) when they have
 * no live connection; agents (new or held requests, callbacks due) when no console is connected.
 * Listens to the domain events like the mail does; every push is sent after the change is committed.
 */
export const pushListener = (deps: { db: Db; sender: PushSender; isCustomerLive: (customerId: string) => Promise<boolean>; subscribers?: Subscribers }): Listener => {
  const { db, sender } = deps;
  // Nobody to push to (the usual case): nothing read, nothing built (lib/push/subscribers.ts).
  const subscribers = deps.subscribers ?? getSubscribers();
  const run = (what: string, fn: () => Promise<unknown>) => {
    fn().catch((err) => log.error({ err, what }, 'push failed'));
  };
  const hasConsole = async (agentId: string) => (await db.agentConnection.count({ where: { agentId } })) > 0;
  const agentLocale = async (agentId: string) => {
    const a = await db.agent.findUnique({ where: { id: agentId }, select: { languages: true } });
    return a && JSON.parse(a.languages)[0] === 'zh-CN' ? 'zh-CN' : 'en';
  };

  const toCustomer = (customerId: string, payload: () => Promise<PushPayload | null>) =>
    run('customer', async () => {
      if (!subscribers.has({ customerId })) return;
      if (await deps.isCustomerLive(customerId)) return;
      const p = await payload();
      if (p) await sender.toCustomer(customerId, p);
    });

  const requestPayload = async (requestId: string, kind: 'replied' | 'resolved', body?: string): Promise<PushPayload | null> => {
    const r = await db.serviceRequest.findUnique({ where: { id: requestId }, include: { agent: { select: { name: true, nameZh: true } } } });
    if (!r) return null;
    const w = words(r.locale);
    const agent = r.locale === 'zh-CN' ? r.agent.nameZh : r.agent.name;
    return { title: w[kind](agent), body: short(body ?? r.message), url: `/?request=${encodeURIComponent(requestId)}`, tag: `request-${requestId}` };
  };

  const waiting = (agentId: string, alert: { customer: { name: string }; message: string }) =>
    run('agent', async () => {
      if (!subscribers.has({ agentId })) return;
      if (await hasConsole(agentId)) return;
      const count = await db.serviceRequest.count({ where: { agentId, status: 'pending' } });
      await sender.toAgent(agentId, waitingNotice({ waiting: count, newest: { customer: alert.customer.name, message: alert.message }, locale: await agentLocale(agentId) }));
    });

  return {
    alertAgent: (agentId, alert) => {
      waiting(agentId, alert);
    },
    requestHeld: (agentId, alert) => {
      waiting(agentId, alert);
    },
    messageAdded: (target, message) => {
      if (message.agent) toCustomer(target.customerId, () => requestPayload(message.requestId, 'replied', message.body));
    },
    updateRequest: (target, update) => {
      if (update.status === 'resolved') toCustomer(target.customerId, () => requestPayload(update.id, 'resolved'));
    },
    callbackChanged: (target, c) => {
      if (c.changedBy !== 'agent' && !c.agentAway) return;
      toCustomer(target.customerId, async () => {
        const customer = await db.customer.findUnique({ where: { id: target.customerId }, select: { locale: true } });
        const w = words(customer?.locale);
        const agent = customer?.locale === 'zh-CN' ? c.agent.nameZh : c.agent.name;
        const cover = c.cover && (customer?.locale === 'zh-CN' ? c.cover.nameZh : c.cover.name);
        const body = c.agentAway ? (cover ? w.callbackCover(cover) : w.callbackAway) : short(c.agentNote ?? '');
        return { title: w.callback(agent), body, url: `/?callback=${encodeURIComponent(c.id)}`, tag: `callback-${c.id}` };
      });
    },
    handoverChanged: (customerId, h) => {
      if (h.status !== 'pending') return;
      toCustomer(customerId, async () => {
        const customer = await db.customer.findUnique({ where: { id: customerId }, select: { locale: true } });
        const w = words(customer?.locale);
        const nameOf = (a: { name: string; nameZh: string }) => (customer?.locale === 'zh-CN' ? a.nameZh || a.name : a.name);
        return { title: w.handover(nameOf(h.from)), body: w.handoverBody(h.suggested ? nameOf(h.suggested) : null), url: '/?handover=1', tag: `handover-${h.bindingId}` };
      });
    },
    callbackDue: (agentId, c) => {
      run('callback due', async () => {
        if (!subscribers.has({ agentId })) return;
        if (await hasConsole(agentId)) return;
        const w = words(await agentLocale(agentId));
        await sender.toAgent(agentId, { title: w.due(c.customer.name), body: c.phone, url: `/agent?callback=${encodeURIComponent(c.id)}`, tag: `callback-${c.id}` });
      });
    },
  };
};
