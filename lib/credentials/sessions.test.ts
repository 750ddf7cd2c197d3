import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDb, makeAgent, makeCustomer } from '../../test/helpers/db.ts';
import { createSessionToken } from './session.ts';
import { CUSTOMER_RENEW_AFTER_MS, createSession, findEndedSessions, hashToken, readSession, revokeAllSessions, SESSION_TTL_MS } from './sessions.ts';

const db = useTestDb({ beforeEach, afterEach });

describe('server-side sessions', () => {
  it('stores only a hash of the token, and reads it back for the right kind only', async () => {
    const agent = await makeAgent(db(), { capability: 50 });
    const { token, session } = await createSession({ db: db(), kind: 'agent', subjectId: agent.id });
    expect(session.id).toBe(hashToken(token));
    expect(JSON.stringify(await db().session.findMany())).not.toContain(token.slice(3));
    expect((await readSession({ db: db(), kind: 'agent', token }))?.subjectId).toBe(agent.id);
    expect(await readSession({ db: db(), kind: 'customer', token })).toBeNull();
    expect(await readSession({ db: db(), kind: 'agent', token: token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A') })).toBeNull();
  });

  it('revoking all sessions of an agent ends every token; a new one works', async () => {
    const agent = await makeAgent(db(), { capability: 50 });
    const one = await createSession({ db: db(), kind: 'agent', subjectId: agent.id });
    const two = await createSession({ db: db(), kind: 'agent', subjectId: agent.id });
    expect(await revokeAllSessions({ db: db(), kind: 'agent', subjectId: agent.id })).toBe(2);
    expect(await readSession({ db: db(), kind: 'agent', token: one.token })).toBeNull();
    expect(await readSession({ db: db(), kind: 'agent', token: two.token })).toBeNull();
    expect(await findEndedSessions({ db: db(), ids: [one.session.id, two.session.id] })).toHaveLength(2);
    const three = await createSession({ db: db(), kind: 'agent', subjectId: agent.id });
    expect(await readSession({ db: db(), kind: 'agent', token: three.token })).not.toBeNull();
  });

  it('a deactivated agent’s session stops working without being revoked', async () => {
    const agent = await makeAgent(db(), { capability: 50 });
    const { token, session } = await createSession({ db: db(), kind: 'agent', subjectId: agent.id });
    await db().agent.update({ where: { id: agent.id }, data: { active: false } });
    expect(await readSession({ db: db(), kind: 'agent', token })).toBeNull();
    expect(await findEndedSessions({ db: db(), ids: [session.id] })).toEqual([session.id]);
  });

  it('expires; a customer session slides forward when used after a day, an agent’s does not', async () => {
    const c = await makeCustomer(db());
    const t0 = new Date('2026-11-30T00:00:00Z');
    const { token } = await createSession({ db: db(), kind: 'customer', subjectId: c.id, now: t0 });
    const soon = await readSession({ db: db(), kind: 'customer', token, now: new Date(t0.getTime() + 3600_000) });
    expect(soon?.renewedToken).toBeUndefined();
    const later = new Date(t0.getTime() + CUSTOMER_RENEW_AFTER_MS + 1000);
    const renewed = await readSession({ db: db(), kind: 'customer', token, now: later });
    expect(renewed?.renewedToken).toBe(token);
    expect(renewed?.expiresAt.getTime()).toBe(later.getTime() + SESSION_TTL_MS.customer);
    // Past the original expiry it still works, because it slid:
    expect(await readSession({ db: db(), kind: 'customer', token, now: new Date(t0.getTime() + SESSION_TTL_MS.customer + 1000) })).not.toBeNull();
    const agent = await makeAgent(db(), { capability: 50 });
    const a = await createSession({ db: db(), kind: 'agent', subjectId: agent.id, now: t0 });
    expect(await readSession({ db: db(), kind: 'agent', token: a.token, now: new Date(t0.getTime() + SESSION_TTL_MS.agent + 1) })).toBeNull();
  });

  it('a legacy signed customer cookie is exchanged for a session (no customer loses their identity)', async () => {
    process.env.SESSION_SECRET ??= 'test-secret-test-secret';
    const c = await makeCustomer(db());
    const legacy = createSessionToken('customer', c.id);
    const s = await readSession({ db: db(), kind: 'customer', token: legacy });
    expect(s?.subjectId).toBe(c.id);
    expect(s?.renewedToken).toMatch(/^s1\./);
    // but a legacy agent token is not honoured: agents sign in again
    const agent = await makeAgent(db(), { capability: 50 });
    expect(await readSession({ db: db(), kind: 'agent', token: createSessionToken('agent', agent.id) })).toBeNull();
  });
});
