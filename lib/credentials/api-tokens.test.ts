import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../../test/helpers/db.ts';
import { authenticateApiToken, createApiToken, LAST_USED_EVERY_MS, listApiTokens, requireScope, revokeApiToken } from './api-tokens.ts';
import { hashToken } from './sessions.ts';

const db = useTestDb({ beforeEach, afterEach });

describe('API tokens', () => {
  it('keeps only the hash; the scopes come back in a fixed order without repeats', async () => {
    const { token, apiToken } = await createApiToken({ db: db(), input: { name: ' Sync ', scopes: ['agents:read', 'requests:read', 'agents:read'] }, adminId: null });
    expect(apiToken).toMatchObject({ name: 'Sync', scopes: ['requests:read', 'agents:read'] });
    const row = await db().apiToken.findUniqueOrThrow({ where: { id: apiToken.id } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token.slice(4));
    expect((await authenticateApiToken({ db: db(), token })).scopes).toEqual(['requests:read', 'agents:read']);
  });

  it('lastUsedAt moves at most once a minute', async () => {
    const { token, apiToken } = await createApiToken({ db: db(), input: { name: 'a', scopes: ['agents:read'] }, adminId: null });
    const t0 = new Date('2026-12-07T10:00:00Z');
    const usedAt = async () => (await db().apiToken.findUniqueOrThrow({ where: { id: apiToken.id } })).lastUsedAt?.toISOString();
    await authenticateApiToken({ db: db(), token, now: t0 });
    expect(await usedAt()).toBe(t0.toISOString());
    await authenticateApiToken({ db: db(), token, now: new Date(t0.getTime() + LAST_USED_EVERY_MS - 1) });
    expect(await usedAt()).toBe(t0.toISOString());
    const later = new Date(t0.getTime() + LAST_USED_EVERY_MS + 1);
    await authenticateApiToken({ db: db(), token, now: later });
    expect(await usedAt()).toBe(later.toISOString());
  });

  it('a revoked, unknown or malformed token is 401; a missing scope is 403 naming it', async () => {
    const { token, apiToken } = await createApiToken({ db: db(), input: { name: 'a', scopes: ['agents:read'] }, adminId: null });
    const live = await authenticateApiToken({ db: db(), token });
    expect(() => requireScope(live, 'customers:read')).toThrow(/customers:read/);
    await revokeApiToken({ db: db(), id: apiToken.id });
    for (const t of [token, `eat_${'x'.repeat(43)}`, 's1.abc', '', null]) {
      await expect(authenticateApiToken({ db: db(), token: t })).rejects.toMatchObject({ code: 'unauthenticated' });
    }
    expect((await listApiTokens({ db: db() }))[0]?.revokedAt).toEqual(expect.any(String));
    await expect(revokeApiToken({ db: db(), id: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
