import { getEnv } from '../env.ts';
import { createMailer, type Mailer } from './mailer.ts';

// Route handlers run in their own bundle (STACK-NOTES): one mailer for them, made on first use.
const holder = globalThis as unknown as { __routeMailer?: Mailer | null };

export const getRouteMailer = (): Mailer | null => {
  if (holder.__routeMailer === undefined) {
    const env = getEnv();
    holder.__routeMailer = createMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM });
  }
  return holder.__routeMailer;
};
