import nodemailer from 'nodemailer';
import { log } from '../log.ts';

export type Mail = { to: string; subject: string; text: string; html: string };
export type Mailer = { send: (mail: Mail) => Promise<void> };

/**
 * Real SMTP through nodemailer when SMTP_URL is set (e.g. smtp://user:pass@mail.example.com:587);
 * none when it is not, said once in the log so nobody waits for mails that cannot come.
 */
export const createMailer = (opts: { smtpUrl?: string; from?: string }): Mailer | null => {
  if (!opts.smtpUrl) {
    log.info('e-mail is off: SMTP_URL is not set, so customers are not mailed when they are away');
    return null;
  }
  const transport = nodemailer.createTransport(opts.smtpUrl);
  const from = opts.from ?? 'Exclusive Agent <no-reply@localhost>';
  return {
    send: async (mail) => {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
    },
  };
};
