import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, eventually, printLogsOnFailure, startServer, type RunningServer } from '../helpers/server.ts';
import { scenario } from '../helpers/scenario.ts';
import { createAdmin as setAdmin } from '../../lib/admin/admins.ts';

// Issue 14: /admin's own sign-in (an admin made by the command), the overview, running a job from it.
const ROOT = path.resolve(import.meta.dirname, '../..');
let server: RunningServer;
afterEach(printLogsOnFailure(() => server));
const s = scenario(() => server);

beforeAll(async () => {
  server = await startServer({ env: { ROSTER_SOURCE: path.join(ROOT, 'test/fixtures/roster.csv'), ROSTER_SCHEDULE: 'off' } });
});
afterAll(() => server?.stop());

const createAdmin = (email: string, password: string, ...extra: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', 'create', email, 'Ops Lead', ...extra], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: server.dbUrl, ADMIN_PASSWORD: password },
    encoding: 'utf8',
  });

describe('admin', () => {
  it('is created by the command with a scrypt hash; a short password is refused', () => {
    const short = createAdmin('ops@example.com', 'short');
    expect(short.status).toBe(1);
    expect(short.stderr).toContain('password: must be at least 12 characters');
    const made = createAdmin('ops@example.com', 'a-long-admin-password');
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toContain('Created admin ops@example.com');
    expect(createAdmin('ops@example.com', 'another-long-password').status).toBe(1);
  }, 90_000); // three runs of the command, each a Node start with tsx (10–25 s apiece on a loaded 2-core box)

  it('signs in with its own session; agents and customers cannot open the admin API', async () => {
    const hash = (await server.db.admin.findUniqueOrThrow({ where: { email: 'ops@example.com' } })).passwordHash;
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    const anonymous = createClient(server.url);
    expect((await anonymous.get('/api/admin/overview')).status).toBe(401);
    await s.agent('not-admin', 60);
    // Signed in with a console open: available (presence = chose online × a live console).
    const agent = await s.online('not-admin');
    expect((await agent.client.get('/api/admin/overview')).status).toBe(401);
    expect((await agent.client.post('/api/admin/jobs/roster/run')).status).toBe(401);
    const wrong = await anonymous.post('/api/admin/login', { email: 'ops@example.com', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    const ok = await anonymous.post('/api/admin/login', { email: 'OPS@example.com', password: 'a-long-admin-password' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('set-cookie')).toMatch(/^ea_admin=.*HttpOnly/);
    const overview = await anonymous.get('/api/admin/overview');
    expect(overview.status).toBe(200);
    expect(overview.json.admin).toMatchObject({ email: 'ops@example.com', name: 'Ops Lead' });
    expect(overview.json.jobs).toEqual(['capability', 'roster']);
    expect(overview.json.agents).toContainEqual(
      expect.objectContaining({ email: 'not-admin@test.local', status: 'online', available: true, boundCustomers: 0, openRequests: 0, rating: { average: null, count: 0 } }),
    );
  });

  it('runs a job now and shows its record; a second run while one holds the lock gets 409', async () => {
    const admin = createClient(server.url);
    await admin.post('/api/admin/login', { email: 'ops@example.com', password: 'a-long-admin-password' });
    const ran = await admin.post('/api/admin/jobs/roster/run');
    expect(ran.status).toBe(200);
    expect(ran.json.run).toMatchObject({ job: 'roster', trigger: 'admin', status: 'partial', counts: { created: 3, skipped: 2 } });
    expect(ran.json.run.errors).toContainEqual({ ref: 'E104', reason: 'active: must be true or false' });
    const overview = await admin.get('/api/admin/overview');
    expect(overview.json.runs[0]).toMatchObject({ id: ran.json.run.id, status: 'partial' });
    expect(overview.json.agents.filter((a: { employeeId: string | null }) => a.employeeId).map((a: { employeeId: string }) => a.employeeId).sort()).toEqual(['E100', 'E101', 'E105']);

    // Another instance is running it: the lease row is held.
    await server.db.jobLock.create({ data: { job: 'capability', holder: 'other-instance', expiresAt: new Date(Date.now() + 60_000) } });
    const refused = await admin.post('/api/admin/jobs/capability/run');
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toContain('already running');
    expect((await admin.post('/api/admin/jobs/nope/run')).status).toBe(404);
  });

  it('sessions are server-side (issue 13): signing out, or a new password, ends the old cookie everywhere', async () => {
    const signIn = async () => {
      const c = createClient(server.url);
      expect((await c.post('/api/admin/login', { email: 'ops@example.com', password: 'a-long-admin-password' })).status).toBe(200);
      return c.cookieHeader();
    };
    const withCookie = (cookie: string) => fetch(`${server.url}/api/admin/overview`, { headers: { cookie } });
    // The cookie carries a random token; the database keeps only its hash.
    const first = await signIn();
    expect(first).toMatch(/ea_admin=s1\./);
    expect((await server.db.session.count({ where: { kind: 'admin', revokedAt: null } }))).toBeGreaterThan(0);
    const second = await signIn();
    expect((await withCookie(first)).status).toBe(200);
    const out = await fetch(`${server.url}/api/admin/logout`, { method: 'POST', headers: { cookie: second } });
    expect(out.status).toBe(204);
    // Sign-out ends every session of this admin, the other browser's too.
    expect((await withCookie(second)).status).toBe(401);
    expect((await withCookie(first)).status).toBe(401);
    // A new password (what the command's --reset calls; in-process here, so no keep-alive socket
    // goes stale while a child process blocks the test) ends the sessions signed in with the old one:
    // the command is another process, so the server, which keeps sessions in memory, learns of it at its
    // next look for revoked sessions (issue 27: within a second).
    const third = await signIn();
    expect((await withCookie(third)).status).toBe(200);
    await setAdmin({ db: server.db, input: { email: 'ops@example.com', name: 'Ops Lead', password: 'a-long-admin-password' }, replace: true });
    const since = Date.now();
    await eventually(async () => (await withCookie(third)).status === 401, 5000, 20);
    expect(Date.now() - since).toBeLessThan(1400);
  });
});
