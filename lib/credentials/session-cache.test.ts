import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAgent, makeCustomer } from '../../test/helpers/db.ts';
import { recording } from '../../test/helpers/statements.ts';
import { createDb, type Db } from '../db/client.ts';
import { applyMigrations } from '../db/migrate.ts';
import { observeRawStatements } from '../db/raw.ts';
import { silentNotifier } from '../events/dispatcher.ts';
import { changePassword } from '../agents/change-password.ts';
import { deactivateAgent } from '../staff/deactivate-agent.ts';
import { eraseCustomer } from '../identity/erase-customer.ts';
import { adoptBrowser } from '../identity/merge-customers.ts';
import { hashPassword } from './password.ts';
import { createSessionCache, getSessionCache } from './session-cache.ts';
import { CUSTOMER_RENEW_AFTER_MS, createSession, findEndedSessions, hashToken, newToken, readSession, revokeAllSessions, revokeSession } from './sessions.ts';

// The instance's cache (the one server.ts follows), here looking at this test's database on demand.
const cache = getSessionCache();

describe('sessions kept in the instance (issue 27)', () => {
  let dir = '';
  let url = '';
  let db: Db;
  /** another process on the same database file: the CLI, another instance */
  let other: Db;
  const statements: string[] = [];
  let stopRaw = () => {};

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ea-session-cache-'));
    url = `file:${path.join(dir, 'test.db')}`;
    await applyMigrations({ url });
    db = createDb(url, { wrapAdapter: (f) => recording(f, statements) });
    other = createDb(url);
    stopRaw = observeRawStatements((sql) => statements.push(sql));
    await cache.poll(db);
  });
  afterEach(async () => {
    stopRaw();
    await db.$disconnect();
    await other.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The statements `fn` sends (Prisma's and the driver's), without BEGIN/COMMIT. */
  const count = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
    statements.length = 0;
    const result = await fn();
    return [result, statements.filter((s) => s !== 'BEGIN' && s !== 'COMMIT').length];
  };
  /** A look just now: kept sessions are trusted for the next second (the server looks twice a second). */
  const looked = () => cache.poll(db);
  const read = (kind: 'agent' | 'customer', token: string, now?: Date) => readSession({ db, kind, token, now });

  it('reads a session once (the row, and the agent for an agent), then answers from memory', async () => {
    const agent = await makeAgent(db, { capability: 50 });
    const { token, session } = await createSession({ db, kind: 'agent', subjectId: agent.id });
    const [first, firstCount] = await count(() => read('agent', token));
    expect(first).toMatchObject({ id: session.id, subjectId: agent.id });
    expect(firstCount).toBe(2);
    await looked();
    for (let i = 0; i < 3; i++) {
      const [again, n] = await count(() => read('agent', token));
      expect(again).toMatchObject({ id: session.id, kind: 'agent', subjectId: agent.id });
      expect(n).toBe(0);
    }
    // The kind still decides: an agent's token is no customer's session.
    expect(await read('customer', token)).toBeNull();
    // A socket's every event: its kept session costs nothing.
    expect(await count(() => findEndedSessions({ db, ids: [session.id], cache }))).toEqual([[], 0]);
  });

  it('keeps no answer for a token that matched nothing: a session made just after works at once', async () => {
    const customer = await makeCustomer(db);
    const token = newToken();
    expect(await read('customer', token)).toBeNull();
    await other.session.create({ data: { id: hashToken(token), kind: 'customer', subjectId: customer.id, expiresAt: new Date(Date.now() + 3600_000) } });
    expect((await read('customer', token))?.subjectId).toBe(customer.id);
  });

  it('signing out ends the session here at once', async () => {
    const customer = await makeCustomer(db);
    const { token, session } = await createSession({ db, kind: 'customer', subjectId: customer.id });
    expect(await read('customer', token)).not.toBeNull();
    await looked();
    await revokeSession({ db, id: session.id });
    expect(await read('customer', token)).toBeNull();
    expect(await findEndedSessions({ db, ids: [session.id], cache })).toEqual([session.id]);
  });

  it('signing out everywhere, a password change and a deactivation end every kept session of the agent at once', async () => {
    const agent = await makeAgent(db, { capability: 50, passwordHash: await hashPassword('old password 1') });
    const a = await createSession({ db, kind: 'agent', subjectId: agent.id });
    const b = await createSession({ db, kind: 'agent', subjectId: agent.id });
    expect(await read('agent', a.token)).not.toBeNull();
    expect(await read('agent', b.token)).not.toBeNull();
    await looked();
    await revokeAllSessions({ db, kind: 'agent', subjectId: agent.id });
    expect(await read('agent', a.token)).toBeNull();
    expect(await read('agent', b.token)).toBeNull();

    const c = await createSession({ db, kind: 'agent', subjectId: agent.id });
    expect(await read('agent', c.token)).not.toBeNull();
    await looked();
    const { token: fresh } = await changePassword({ db, agentId: agent.id, input: { currentPassword: 'old password 1', newPassword: 'new password 22' } });
    expect(await read('agent', c.token)).toBeNull();
    expect(await read('agent', fresh)).not.toBeNull();
    await looked();
    await deactivateAgent({ db, notify: silentNotifier, email: agent.email });
    expect(await read('agent', fresh)).toBeNull();
  });

  it('erasing a customer, and merging a browser into a person, end the kept sessions at once', async () => {
    const erased = await makeCustomer(db);
    const s = await createSession({ db, kind: 'customer', subjectId: erased.id });
    expect(await read('customer', s.token)).not.toBeNull();
    await looked();
    await eraseCustomer({ db, notify: silentNotifier, customerId: erased.id });
    expect(await read('customer', s.token)).toBeNull();

    const browser = await makeCustomer(db);
    const person = await makeCustomer(db, { email: 'person@example.com' });
    const b = await createSession({ db, kind: 'customer', subjectId: browser.id });
    expect(await read('customer', b.token)).not.toBeNull();
    await looked();
    expect(await adoptBrowser({ db, intoId: person.id, current: { customerId: browser.id } })).not.toBeNull();
    expect(await read('customer', b.token)).toBeNull();
  });

  it('a revocation by another process is found by the next look (one statement) and ends the session', async () => {
    const agent = await makeAgent(db, { capability: 50 });
    const { token, session } = await createSession({ db, kind: 'agent', subjectId: agent.id });
    expect(await read('agent', token)).not.toBeNull();
    await looked();
    // `npm run agent -- deactivate` on the same file (its writes; its own process's cache is not this one):
    // this instance does not know yet…
    await other.$transaction([
      other.agent.update({ where: { id: agent.id }, data: { active: false } }),
      other.session.updateMany({ where: { kind: 'agent', subjectId: agent.id }, data: { revokedAt: new Date() } }),
    ]);
    expect(await count(() => read('agent', token))).toEqual([expect.objectContaining({ subjectId: agent.id }), 0]);
    const [, n] = await count(() => cache.poll(db));
    expect(n).toBe(1);
    // …until its next look, twice a second in the server.
    expect(await read('agent', token)).toBeNull();
    expect(await findEndedSessions({ db, ids: [session.id], cache })).toEqual([session.id]);
  });

  it('does not keep a row read while it was being revoked', async () => {
    const customer = await makeCustomer(db);
    const { token, session } = await createSession({ db, kind: 'customer', subjectId: customer.id });
    // The sign-out lands between this call's read of the row and its answer.
    let between: (() => Promise<void>) | null = () => revokeSession({ db, id: session.id });
    const racing = new Proxy(db, {
      get: (t, prop) =>
        prop !== 'session'
          ? Reflect.get(t, prop, t)
          : new Proxy(t.session, {
              get: (s, m) =>
                m !== 'findUnique'
                  ? Reflect.get(s, m, s)
                  : async (args: Parameters<Db['session']['findUnique']>[0]) => {
                      const row = await s.findUnique(args);
                      const run = between;
                      between = null;
                      await run?.();
                      return row;
                    },
            }),
    }) as Db;
    await cache.poll(racing);
    expect(await readSession({ db: racing, kind: 'customer', token })).not.toBeNull();
    expect(await readSession({ db: racing, kind: 'customer', token })).toBeNull();
  });

  it('renews a customer session when due, as without the cache, and serves the renewed one from memory', async () => {
    const customer = await makeCustomer(db);
    const t0 = new Date();
    const { token } = await createSession({ db, kind: 'customer', subjectId: customer.id, now: t0 });
    const soon = await read('customer', token, new Date(t0.getTime() + 3600_000));
    expect(soon?.renewedToken).toBeUndefined();
    const later = new Date(t0.getTime() + CUSTOMER_RENEW_AFTER_MS + 3600_000);
    const [renewed, n] = await count(() => read('customer', token, later));
    expect(renewed?.renewedToken).toBe(token);
    expect(renewed?.lastSeenAt).toEqual(later);
    expect(n).toBe(2); // the row, its new expiry
    await looked();
    const [next, m] = await count(() => read('customer', token, new Date(later.getTime() + 3600_000)));
    expect(next?.renewedToken).toBeUndefined();
    expect(next?.expiresAt).toEqual(renewed?.expiresAt);
    expect(m).toBe(0);
  });

  it('honours the expiry without the database', async () => {
    const agent = await makeAgent(db, { capability: 50 });
    const { token, session } = await createSession({ db, kind: 'agent', subjectId: agent.id });
    expect(await read('agent', token)).not.toBeNull();
    const [gone, n] = await count(() => read('agent', token, new Date(session.expiresAt.getTime() + 1)));
    expect(gone).toBeNull();
    expect(n).toBe(1); // dropped from memory, and the row says the same
  });

  it('trusts kept sessions only while its looks succeed, then reads every session again', async () => {
    let now = 1_000_000;
    const own = createSessionCache({ pollMs: 500, clock: () => now });
    const agent = await makeAgent(db, { capability: 50 });
    const { token } = await createSession({ db, kind: 'agent', subjectId: agent.id });
    const readOwn = () => readSession({ db, kind: 'agent', token, cache: own });
    // Nothing is served before a first look succeeded.
    await readOwn();
    expect((await count(readOwn))[1]).toBe(2);
    await own.poll(db);
    await readOwn();
    expect((await count(readOwn))[1]).toBe(0);
    now += 1000;
    expect((await count(readOwn))[1]).toBe(0);
    // No look for longer than twice the interval (the database down, the loop stalled): read again.
    now += 1;
    expect((await count(readOwn))[1]).toBe(2);
    await own.poll(db);
    expect((await count(readOwn))[1]).toBe(0);
  });

  it('keeps at most maxEntries sessions, the least recently used going first', async () => {
    const own = createSessionCache({ maxEntries: 2 });
    await own.poll(db);
    const customer = await makeCustomer(db);
    const tokens = await Promise.all([0, 1, 2].map(async () => (await createSession({ db, kind: 'customer', subjectId: customer.id })).token));
    const readOwn = (t: string) => readSession({ db, kind: 'customer', token: t, cache: own });
    await readOwn(tokens[0]!);
    await readOwn(tokens[1]!);
    await readOwn(tokens[0]!); // used again: tokens[1] is now the oldest
    await readOwn(tokens[2]!);
    expect(own.size()).toBe(2);
    expect((await count(() => readOwn(tokens[0]!)))[1]).toBe(0);
    expect((await count(() => readOwn(tokens[1]!)))[1]).toBe(1);
  });
});
