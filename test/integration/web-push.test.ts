import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ask, eventually, startServer, type RunningServer, printLogsOnFailure } from '../helpers/server.ts';
import { scenario } from '../helpers/scenario.ts';
import { startPushService } from '../helpers/push-service.ts';

// Issue #17: Web Push through web-push to a local HTTPS endpoint standing in for the push service. The
// test holds each subscription's keys and decrypts what arrives.
let server: RunningServer;
let push: Awaited<ReturnType<typeof startPushService>>;
afterEach(printLogsOnFailure(() => server));
const s = scenario(() => server);

beforeAll(async () => {
  push = await startPushService();
  server = await startServer({ env: { NODE_EXTRA_CA_CERTS: push.caFile, VAPID_SUBJECT: 'mailto:ops@app.test' } });
  await s.agent('pusher', 90);
  await s.agent('away.pusher', 80, 'online', { languages: ['zh-CN'] });
});
afterEach(() => s.closeAll());
afterAll(async () => {
  await server?.stop();
  await push?.stop();
});

const subscribe = async (cookie: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/push/subscriptions`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, ...headers }, body: JSON.stringify(body) });

describe('Web Push', () => {
  it('an answer to a customer with the app closed arrives encrypted for their subscription, signed with the stored VAPID key, and decrypts to the answer', async () => {
    const me = await s.online('pusher');
    const customer = await s.customerOf('Push Customer', 'pusher');
    const sub = push.subscription('customer-1');
    expect((await subscribe(customer.client.cookieHeader(), sub.json)).status).toBe(201);
    const { publicKey } = (await (await fetch(`${server.url}/api/push/key`)).json()) as { publicKey: string };
    expect(publicKey).toMatch(/^[A-Za-z0-9_-]{80,}$/);
    expect((await server.db.appSecret.findUniqueOrThrow({ where: { key: 'vapid' } })).value).toContain(publicKey);

    const id = (await customer.send('Is my refund through?', { 'accept-language': 'en' })).json.request.id as string;
    const before = push.countTo(sub.path);
    await ask(me.tab, 'service-request:reply', { id, body: 'Yes, today.' });
    const got = await push.nextTo(sub.path, before);
    expect(got.headers['content-encoding']).toBe('aes128gcm');
    expect(got.headers.authorization).toContain(`k=${publicKey}`);
    expect(got.body.toString('utf8')).not.toContain('Yes, today.'); // encrypted on the wire
    expect(sub.decrypt(got.body)).toEqual({ title: 'Agent pusher replied', body: 'Yes, today.', url: `/?request=${id}`, tag: `request-${id}` });
    // Another subscription's keys cannot read it.
    expect(() => push.subscription('other').decrypt(got.body)).toThrow();
  });

  it('a subscription the push service reports gone (410) is deleted', async () => {
    const me = await s.online('pusher');
    const customer = await s.customerOf('Gone Customer', 'pusher');
    const sub = push.subscription('gone-1');
    push.statusFor.set(sub.path, 410);
    expect((await subscribe(customer.client.cookieHeader(), sub.json)).status).toBe(201);
    expect(await server.db.pushSubscription.count({ where: { endpoint: sub.json.endpoint } })).toBe(1);
    const id = (await customer.send('Hello?')).json.request.id as string;
    await ask(me.tab, 'service-request:reply', { id, body: 'Hi!' });
    await push.nextTo(sub.path, 0);
    await eventually(async () => (await server.db.pushSubscription.count({ where: { endpoint: sub.json.endpoint } })) === 0);
  });

  it('an agent without a console: held requests are summarised in one notification (same tag, a count), in their language', async () => {
    const agent = await s.signIn('away.pusher');
    const sub = push.subscription('agent-1');
    expect((await subscribe('', sub.json, { authorization: `Bearer ${agent.token}` })).status).toBe(201);
    const customer = await s.customerOf('Backlog Bo', 'away.pusher');
    await customer.send('first');
    const first = sub.decrypt((await push.nextTo(sub.path, 0)).body);
    expect(first).toEqual({ title: 'Backlog Bo 发来新请求', body: 'first', url: '/agent', tag: 'requests-waiting' });
    await customer.send('second');
    await customer.send('third');
    const third = sub.decrypt((await push.nextTo(sub.path, 2)).body);
    expect(third).toEqual({ title: '有 3 个请求在等您', body: '打开工作台查看。', url: '/agent', tag: 'requests-waiting' });
  });

  it('refuses a subscription that is not one, naming the field', async () => {
    const customer = await s.customerOf('Bad Sub', 'pusher');
    const res = await subscribe(customer.client.cookieHeader(), { endpoint: 'not a url', keys: { p256dh: 'x', auth: 'y' } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe('endpoint');
  });
});
