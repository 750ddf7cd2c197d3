import type { Db } from '../db/client.ts';
import { log } from '../log.ts';
import type { Listener } from '../events/types.ts';
import type { HandoverView } from '../binding/handover-view.ts';
import { mailHtml } from './compose-mail.ts';
import type { Mailer } from './mailer.ts';

const WORDS = {
  en: {
    subject: (from: string) => `${from} can no longer look after you — who should?`,
    left: (from: string) => `${from}, your exclusive agent, has left our team.`,
    moved: (from: string) => `We are moving ${from}'s customers to a colleague, and we would like your consent first.`,
    suggest: (to: string) => `We suggest ${to}, who speaks your language and knows the same subjects. Your history goes with you.`,
    none: 'Nobody is free to take you over right now.',
    choose: 'Open the app to accept, or to choose a new agent yourself. Until you answer, your requests are answered by colleagues as usual:',
  },
  'zh-CN': {
    subject: (from: string) => `${from} 无法继续为您服务——由谁接手？`,
    left: (from: string) => `您的专属客服 ${from} 已离开我们的团队。`,
    moved: (from: string) => `我们准备把 ${from} 的客户转给一位同事，想先征得您的同意。`,
    suggest: (to: string) => `我们推荐 ${to}：会说您的语言，熟悉相同的业务。您的历史记录会一并转交。`,
    none: '目前没有同事能接手。',
    choose: '请打开应用接受推荐，或自己重新选择客服。在您回答之前，您的请求照常由同事代为处理：',
  },
} as const;

/** Pure: the mail telling a customer their agent left (or is being moved) and what they are asked. */
export const composeHandoverMail = (opts: { locale: string | null; customerName: string; link: string; handover: HandoverView }) => {
  const locale = opts.locale === 'en' ? 'en' : 'zh-CN';
  const w = WORDS[locale];
  const nameOf = (a: { name: string; nameZh: string }) => (locale === 'zh-CN' ? a.nameZh || a.name : a.name);
  const from = nameOf(opts.handover.from);
  const hello = locale === 'zh-CN' ? `${opts.customerName}，您好：` : `Hello ${opts.customerName},`;
  const lines = [
    hello,
    '',
    opts.handover.reason === 'moved' ? w.moved(from) : w.left(from),
    opts.handover.suggested ? w.suggest(nameOf(opts.handover.suggested)) : w.none,
    '',
    w.choose,
    opts.link,
  ];
  return { subject: w.subject(from), text: lines.join('\n'), html: mailHtml({ locale, lines, link: opts.link }) };
};

/**
 * A customer who is not in the app hears of a handover by mail (once: a handover is asked once per
 * binding), unless they turned e-mail off or gave no address. In the app the prompt comes over the socket.
 */
export const handoverMailListener = (deps: { db: Db; mailer: Mailer | null; isCustomerLive: (customerId: string) => Promise<boolean>; appUrl: string }): Listener => ({
  handoverChanged: (customerId, handover) => {
    if (!deps.mailer || handover.status !== 'pending') return;
    const send = async () => {
      const customer = await deps.db.customer.findUnique({ where: { id: customerId } });
      if (!customer?.email || customer.emailOff || customer.erasedAt) return;
      if (await deps.isCustomerLive(customerId)) {
        log.info({ customerId }, 'handover not mailed: the customer is connected');
        return;
      }
      const mail = composeHandoverMail({ locale: customer.locale, customerName: customer.name, link: `${deps.appUrl}/?handover=1`, handover });
      await deps.mailer!.send({ to: customer.email, ...mail });
      log.info({ customerId }, 'handover mailed');
    };
    send().catch((err) => log.error({ err, customerId }, 'handover mail failed'));
  },
});
