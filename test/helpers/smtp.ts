import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

/** A real SMTP server on loopback (port 0) that keeps every mail it receives, parsed. */
export const startSmtp = async () => {
  const mails: ParsedMail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          waiters.splice(0).forEach((w) => w());
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  /** Resolves when `count` mails have arrived in all (fails clearly after `timeoutMs`). */
  const received = (count: number, timeoutMs = 10_000) =>
    new Promise<ParsedMail[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${mails.length} mails, expected ${count} within ${timeoutMs} ms`)), timeoutMs);
      const check = () => {
        if (mails.length >= count) {
          clearTimeout(timer);
          resolve(mails.slice());
        } else waiters.push(check);
      };
      check();
    });
  return { port, url: `smtp://127.0.0.1:${port}`, mails, received, stop: () => new Promise<void>((r) => server.close(() => r())) };
};
