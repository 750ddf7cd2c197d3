import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCustomer, useTestDb } from '../../test/helpers/db.ts';
import { createSessionToken } from '../credentials/session.ts';
import { createSession, hashToken, readSession, revokeSession } from '../credentials/sessions.ts';
import { silentNotifier } from '../events/dispatcher.ts';
import type { Notifier } from '../events/types.ts';
import { describeUserAgent, listDevices, publicSessionId, signOutDevice } from './devices.ts';

const db = useTestDb({ beforeEach, afterEach });
const SECRET = 'unit-test-secret-0123456789';

describe('a device in words', () => {
  it.each([
    ['Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36', 'Chrome on Android'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1', 'Safari on iOS'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox on macOS'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36 Edg/156.0.0.0', 'Microsoft Edge on Windows'],
    ['', null],
    [null, null],
  ])('%s → %s', (ua, words) => {
    expect(describeUserAgent(ua).device).toBe(words);
  });
});

describe('public device ids', () => {
  it('are stable, not the token or its hash, and differ per session and per secret', () => {
    const token = 's1.' + 'a'.repeat(43);
    const id = publicSessionId(hashToken(token), SECRET);
    expect(id).toMatch(/^d1_[A-Za-z0-9_-]{22}$/);
    expect(publicSessionId(hashToken(token), SECRET)).toBe(id);
    expect(id).not.toContain(hashToken(token).slice(0, 8));
    expect(publicSessionId(hashToken('s1.' + 'b'.repeat(43)), SECRET)).not.toBe(id);
    expect(publicSessionId(hashToken(token), SECRET + 'x')).not.toBe(id);
  });
});

describe('your devices', () => {
  it('lists live sessions only, this one first and marked; signing one out ends it and closes its sockets', async () => {
    const c = await makeCustomer(db());
    const other = await makeCustomer(db(), { email: 'other@example.com' });
    const t0 = new Date(Date.UTC(2026, 11, 1));
    const phone = await createSession({ db: db(), kind: 'customer', subjectId: c.id, userAgent: 'Mozilla/5.0 (Linux; Android 14) Chrome/156.0.0.0 Mobile', now: t0 });
    const laptop = await createSession({ db: db(), kind: 'customer', subjectId: c.id, userAgent: 'x'.repeat(2000), now: new Date(t0.getTime() + 1000) });
    const gone = await createSession({ db: db(), kind: 'customer', subjectId: c.id, now: t0 });
    await revokeSession({ db: db(), id: gone.session.id });
    await createSession({ db: db(), kind: 'customer', subjectId: other.id });
    expect((await db().session.findUniqueOrThrow({ where: { id: laptop.session.id } })).userAgent).toHaveLength(512);

    const list = await listDevices({ db: db(), customerId: c.id, currentSessionId: phone.session.id, secret: SECRET, now: new Date(t0.getTime() + 5000) });
    expect(list.map((d) => [d.id, d.current, d.device])).toEqual([
      [publicSessionId(phone.session.id, SECRET), true, 'Chrome on Android'],
      [publicSessionId(laptop.session.id, SECRET), false, null],
    ]);

    const ended: string[][] = [];
    const notify: Notifier = { ...silentNotifier, endSessions: ({ sessionIds }) => void ended.push(sessionIds ?? []) };
    // Someone else's customer cannot sign this device out, whatever id they hold.
    await expect(signOutDevice({ db: db(), notify, customerId: other.id, id: list[1]!.id, secret: SECRET })).rejects.toMatchObject({ code: 'not_found', field: 'id' });
    expect(await signOutDevice({ db: db(), notify, customerId: c.id, id: list[1]!.id, secret: SECRET })).toEqual({ sessionId: laptop.session.id });
    expect(ended).toEqual([[laptop.session.id]]);
    expect(await readSession({ db: db(), kind: 'customer', token: laptop.token })).toBeNull();
    expect(await readSession({ db: db(), kind: 'customer', token: phone.token })).not.toBeNull();
  });

  it('an erased customer is reached by no cookie again, an old signed one included', async () => {
    process.env.SESSION_SECRET ??= SECRET;
    const c = await makeCustomer(db());
    const legacy = createSessionToken('customer', c.id);
    expect((await readSession({ db: db(), kind: 'customer', token: legacy }))?.subjectId).toBe(c.id);
    await db().customer.update({ where: { id: c.id }, data: { erasedAt: new Date() } });
    expect(await readSession({ db: db(), kind: 'customer', token: legacy })).toBeNull();
  });
});
