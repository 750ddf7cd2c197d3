import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createLogger } from './log.ts';

const capture = () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { logger: createLogger(stream as never), lines };
};

describe('logs', () => {
  it('never contain contact info or credentials, wherever they sit', () => {
    const { logger, lines } = capture();
    logger.info({ phone: '+86 138 0013 8000', customer: { name: 'Li', email: 'li@example.com', im: 'wx_li' } }, 'one');
    logger.info({ binding: { contactPhone: '+86 139', contactEmail: 'x@example.com' }, req: { headers: { cookie: 'ea_customer=secret', authorization: 'Bearer tok' } } }, 'two');
    logger.info({ input: { email: 'a@b.cn', password: 'hunter2' }, alert: { customer: { phone: '+1 555 0100' } } }, 'three');
    // Issue 17's mail and push: a recipient address and a push subscription (a failed push logs its error).
    logger.warn({ err: { statusCode: 410, endpoint: 'https://push.example.com/send/abc123' }, mail: { to: 'c@d.cn' }, sub: { keys: { auth: 'k3y' } } }, 'four');
    const out = lines.join('');
    for (const secret of ['138 0013', 'li@example.com', 'wx_li', '+86 139', 'x@example.com', 'ea_customer=secret', 'Bearer tok', 'a@b.cn', 'hunter2', '555 0100', 'abc123', 'c@d.cn', 'k3y']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('[redacted]');
    expect(out).toContain('"name":"Li"'); // only what identifies a contact is hidden
  });

  it('never contain the shop\'s identity token, a handoff code or a sign-in link from an address (issue 25)', () => {
    const { logger, lines } = capture();
    logger.error({ url: '/?identity=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTEifQ.c2ln&lang=en' }, 'request failed');
    logger.info({ url: '/?handoff=AbCdEf0123456789AbCdEf0123456789AbCdEf01234' }, 'one');
    logger.info({ url: '/?x=1&signin=Zz9_-Zz9_-Zz9_-Zz9_-Zz9_-Zz9_-Zz9_-Zz9_-Zz9' }, 'two');
    logger.info({ body: { token: 'eyJ.abc.def' } }, 'three');
    const out = lines.join('');
    for (const secret of ['eyJhbGciOiJIUzI1NiJ9', 'AbCdEf0123456789', 'Zz9_-Zz9_', 'eyJ.abc']) expect(out).not.toContain(secret);
    expect(out).toContain('lang=en');
    expect(out).toContain('?x=1&signin=[redacted]');
  });
});
