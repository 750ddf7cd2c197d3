import { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { Mailer } from '../mail/mailer.ts';
import { mailHtml } from '../mail/compose-mail.ts';
import { log } from '../log.ts';
import { text } from '../validation/text.ts';
import { createCustomerLink } from '../customers/customer-links.ts';

/**
 * "Email me a sign-in link": a customer on a new device, without the shop's identity, asks for a
 * one-time link to the address they gave us. The answer is the same (202) whether or not we know the
 * address — it never tells anyone who our customers are — and the mail goes out after the answer.
 * The link points at APP_URL, never at the address the request came to (a forged Host header must not
 * put a valid code in a link to someone else's site).
 */
export const signInLinkInputSchema = z.object({
  email: text().pipe(z.email('must be an email address such as li@example.com').max(254, 'is too long')),
});

const WORDS = {
  en: {
    subject: 'Your sign-in link',
    body: (name: string, link: string) =>
      [`Hello${name ? ` ${name}` : ''},`, '', 'Open this link on the device you want to use. It signs you in to your exclusive agent, works once and expires in 10 minutes:', link, '', 'If you did not ask for it, ignore this mail: nothing happens without the link.'],
  },
  'zh-CN': {
    subject: '您的登录链接',
    body: (name: string, link: string) =>
      [`${name ? `${name}，` : ''}您好：`, '', '请在您要使用的设备上打开此链接，即可继续与您的专属客服联系。链接只能使用一次，10 分钟后失效：', link, '', '如果不是您本人申请，请忽略此邮件：没有链接，什么也不会发生。'],
  },
} as const;

export const composeSignInMail = (opts: { locale: string | null; name: string; link: string }) => {
  const w = WORDS[opts.locale === 'en' ? 'en' : 'zh-CN'];
  const lines = w.body(opts.name, opts.link);
  return { subject: w.subject, text: lines.join('\n'), html: mailHtml({ locale: opts.locale === 'en' ? 'en' : 'zh-CN', lines, link: opts.link }) };
};

/** Returns at once; the mail (if there is a customer with that address) is sent in the background. */
export const requestSignInLink = async (opts: { db: Db; mailer: Mailer | null; input: unknown; appUrl: string; now?: Date }): Promise<void> => {
  const { email } = signInLinkInputSchema.parse(opts.input);
  const customer = await opts.db.customer.findFirst({ where: { email: { equals: email } }, orderBy: { updatedAt: 'desc' } });
  if (!customer || !opts.mailer) return;
  const { code } = await createCustomerLink({ db: opts.db, customerId: customer.id, kind: 'email', now: opts.now });
  const mail = composeSignInMail({ locale: customer.locale, name: customer.name, link: `${opts.appUrl}/?signin=${code}` });
  opts.mailer.send({ to: email, ...mail }).catch((err) => log.warn({ err: (err as Error).message }, 'sign-in link not sent'));
};
