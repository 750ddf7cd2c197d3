import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ask, connected, eventually, startServer, type RunningServer, printLogsOnFailure } from '../helpers/server.ts';
import { scenario } from '../helpers/scenario.ts';
import { startSmtp } from '../helpers/smtp.ts';

// Issue #17: answers reach a customer who is not in the app by e-mail, through a real SMTP server on
// loopback. The batching window is shortened to 2 s (the rule itself has a unit test with 10 minutes).
const WINDOW_MS = 2000;
let server: RunningServer;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
afterEach(printLogsOnFailure(() => server));
const s = scenario(() => server);

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({
    env: { SMTP_URL: smtp.url, MAIL_FROM: 'Exclusive Agent <help@app.test>', APP_URL: 'http://app.test', MAIL_WINDOW_MS: String(WINDOW_MS), SWEEP_INTERVAL_MS: '200' },
  });
  await s.agent('mailer', 90);
});
afterEach(() => s.closeAll());
afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
});

const logged = (line: string, key: string) => eventually(async () => server.logs.join('').split('\n').some((l) => l.includes(line) && l.includes(key)));

describe('answer mail through real SMTP', () => {
  it('a reply to a customer with no live connection sends exactly one mail in their language with the link; a burst is batched into one more after the window', async () => {
    const me = await s.online('mailer');
    const customer = await s.customerOf('Wang Xiaoming', 'mailer');
    const sent = await customer.send('我的包裹还没到', { 'accept-language': 'zh-CN,zh;q=0.9' });
    const id = sent.json.request.id as string;
    const before = smtp.mails.length;

    expect(await ask(me.tab, 'service-request:reply', { id, body: '已经联系快递，明天送到。' })).toMatchObject({ ok: true });
    const [mail] = (await smtp.received(before + 1)).slice(before);
    expect(mail!.to).toMatchObject({ text: 'wangxiaoming@example.com' });
    expect(mail!.from?.text).toContain('help@app.test');
    expect(mail!.subject).toBe('Agent mailer 回复了您的请求'.replace('Agent mailer', (await server.db.agent.findUniqueOrThrow({ where: { handle: 'mailer' } })).nameZh));
    expect(mail!.text).toContain('已经联系快递，明天送到。');
    expect(mail!.text).toContain('我的包裹还没到');
    expect(mail!.text).toContain(`http://app.test/?request=${id}`);
    expect(mail!.html).toContain(`href="http://app.test/?request=${id}"`);

    // Two more answers within the window: no mail now, one mail with both when the window ends.
    const second = Date.now();
    await ask(me.tab, 'service-request:reply', { id, body: '快递单号 SF123。' });
    await ask(me.tab, 'service-request:resolve', { id });
    await logged('answer mail batched', `request:${id}`);
    expect(smtp.mails.length).toBe(before + 1);
    const [batch] = (await smtp.received(before + 2)).slice(before + 1);
    expect(Date.now() - second).toBeGreaterThanOrEqual(WINDOW_MS - 500);
    expect(batch!.text).toContain('快递单号 SF123。');
    expect(batch!.text).not.toContain('已经联系快递'); // already mailed
    expect(batch!.text).toContain('已解决');
  });

  it('nothing is sent while the customer is connected', async () => {
    const me = await s.online('mailer');
    const customer = await s.customerOf('Connected Carl', 'mailer');
    const page = s.socket({ cookie: customer.client.cookieHeader() });
    await connected(page);
    const id = (await customer.send('Where is my order?')).json.request.id as string;
    const before = smtp.mails.length;
    await ask(me.tab, 'service-request:reply', { id, body: 'On its way.' });
    await logged('answer not mailed: the customer is connected', `request:${id}`);
    expect(smtp.mails.length).toBe(before);
  });

  it('a customer who turned e-mail off gets no mail; turned on again, the next answer is mailed in English', async () => {
    const me = await s.online('mailer');
    const customer = await s.customerOf('Quiet Quinn', 'mailer');
    const put = await fetch(`${server.url}/api/customers/me/settings`, { method: 'PUT', headers: { 'content-type': 'application/json', cookie: customer.client.cookieHeader() }, body: JSON.stringify({ email: false }) });
    expect(await put.json()).toEqual({ settings: { email: false, hasEmail: true, locale: null } });
    const id = (await customer.send('Invoice please', { 'accept-language': 'en' })).json.request.id as string;
    const before = smtp.mails.length;
    await ask(me.tab, 'service-request:reply', { id, body: 'Sent to your inbox.' });
    await logged('answer not mailed: the customer turned e-mail off', `request:${id}`);
    expect(smtp.mails.length).toBe(before);

    const bad = await fetch(`${server.url}/api/customers/me/settings`, { method: 'PUT', headers: { 'content-type': 'application/json', cookie: customer.client.cookieHeader() }, body: JSON.stringify({ email: 'no' }) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe('email');

    await fetch(`${server.url}/api/customers/me/settings`, { method: 'PUT', headers: { 'content-type': 'application/json', cookie: customer.client.cookieHeader() }, body: JSON.stringify({ email: true }) });
    const id2 = (await customer.send('And the receipt?', { 'accept-language': 'en' })).json.request.id as string;
    await ask(me.tab, 'service-request:reply', { id: id2, body: 'Attached.' });
    const [mail] = (await smtp.received(before + 1)).slice(before);
    expect(mail!.subject).toMatch(/answered your request$/);
    expect(mail!.text).toContain('Attached.');
    expect(mail!.text).toContain(`http://app.test/?request=${id2}`);
  });
});
