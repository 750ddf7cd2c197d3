// Issue 27: sessions are kept in each instance's memory, yet an ended session ends everywhere — at once on
// the instance that ended it, within a second on every other one (and after a CLI's revocation).
// Runs on SQLite (two processes on one file) and on PostgreSQL (two instances, one database, Redis).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../lib/credentials/password.ts';
import { revokeAllSessions } from '../../lib/credentials/sessions.ts';
import { silentNotifier } from '../../lib/events/dispatcher.ts';
import { deactivateAgent } from '../../lib/staff/deactivate-agent.ts';
import { makeAgent } from '../helpers/db.ts';
import { createClient, startServer, type RunningServer } from '../helpers/server.ts';

/** What "within 1 s" may take on a shared 2-core machine: the second, plus a little for the request itself. */
const WITHIN_MS = 1000 + 400;

let a: RunningServer;
let b: RunningServer;
let hash: string;

beforeAll(async () => {
  a = await startServer({ env: { INSTANCE_ID: 'sessions-a', RATE_LIMIT_MULTIPLIER: '100' } });
  b = await startServer({ dbUrl: a.dbUrl, env: { INSTANCE_ID: 'sessions-b', RATE_LIMIT_MULTIPLIER: '100' } });
  hash = await hashPassword('right-password');
});
afterEach((ctx) => {
  if (ctx.task.result?.state === 'fail') console.error(`--- A ---\n${a?.logs.join('')}\n--- B ---\n${b?.logs.join('')}`);
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** An agent's call that trusts the session alone (`/api/agent/me` also checks that the agent is active). */
const me = async (server: RunningServer, token: string) => (await createClient(server.url).get('/api/agent/customers', bearer(token))).status;

const signIn = async (handle: string) => {
  const agent = await makeAgent(a.db, { handle, capability: 50, passwordHash: hash });
  const res = await createClient(a.url).post('/api/agent/login', { email: `${handle}@test.local`, password: 'right-password' });
  expect(res.status).toBe(200);
  return { agent, token: res.json.token as string };
};

/** Asks `server` until it refuses the token; how long that took from `since`. */
const refusedAfter = async (server: RunningServer, token: string, since: number): Promise<number> => {
  for (;;) {
    const status = await me(server, token);
    const elapsed = Date.now() - since;
    if (status === 401) return elapsed;
    expect(status).toBe(200);
    if (elapsed > 10_000) throw new Error(`still accepted after ${elapsed} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** The token is in use on both instances (each read its row once and keeps it). */
const usedOnBoth = async (token: string) => {
  for (const server of [a, b, a, b]) expect(await me(server, token)).toBe(200);
};

describe('an ended session, kept in every instance', () => {
  it('signing out through A: A refuses the token at once, B within a second', async () => {
    const { token } = await signIn('cache-ann');
    await usedOnBoth(token);
    expect((await createClient(a.url).post('/api/agent/logout', undefined, bearer(token))).status).toBe(200);
    const since = Date.now();
    expect(await me(a, token)).toBe(401);
    expect(await refusedAfter(b, token, since)).toBeLessThan(WITHIN_MS);
  });

  it('a password change through A ends the old token on B within a second; the new one works on B at once', async () => {
    const { token } = await signIn('cache-bo');
    await usedOnBoth(token);
    const changed = await createClient(a.url).post('/api/agent/password', { currentPassword: 'right-password', newPassword: 'another-password-9' }, bearer(token));
    expect(changed.status).toBe(200);
    const since = Date.now();
    expect(await me(b, changed.json.token)).toBe(200);
    expect(await me(a, token)).toBe(401);
    expect(await refusedAfter(b, token, since)).toBeLessThan(WITHIN_MS);
  });

  it('a revocation written by another process (the CLI) reaches both instances within a second', async () => {
    const { agent, token } = await signIn('cache-cy');
    await usedOnBoth(token);
    // What `npm run agent -- …` does, from this process: neither server's memory is told.
    await revokeAllSessions({ db: a.db, kind: 'agent', subjectId: agent.id });
    const since = Date.now();
    const [onA, onB] = await Promise.all([refusedAfter(a, token, since), refusedAfter(b, token, since)]);
    expect(onA).toBeLessThan(WITHIN_MS);
    expect(onB).toBeLessThan(WITHIN_MS);
  });

  it('`npm run agent -- deactivate` (from this process) ends the agent\'s kept sessions on both instances within a second', async () => {
    const { agent, token } = await signIn('cache-di');
    await usedOnBoth(token);
    await deactivateAgent({ db: a.db, notify: silentNotifier, email: agent.email });
    const since = Date.now();
    const [onA, onB] = await Promise.all([refusedAfter(a, token, since), refusedAfter(b, token, since)]);
    expect(onA).toBeLessThan(WITHIN_MS);
    expect(onB).toBeLessThan(WITHIN_MS);
  });
});
