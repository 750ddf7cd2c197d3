import crypto from 'node:crypto';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connected, connectSocket, createClient, eventually, nextEvent, printLogsOnFailure, startServer, type RunningServer } from '../helpers/server.ts';
import { scenario } from '../helpers/scenario.ts';
import { createAdmin } from '../../lib/admin/admins.ts';

// Issue 28, part 1: agents managed on /admin — added with a one-time sign-in link, edited (the roster's
// fields refused), deactivated and back, signed out everywhere, a password reset; every change audited.
const ROOT = path.resolve(import.meta.dirname, '../..');
let server: RunningServer;
afterEach(printLogsOnFailure(() => server));
const s = scenario(() => server);
let admin: ReturnType<typeof createClient>;

beforeAll(async () => {
  server = await startServer({ env: { ROSTER_SOURCE: path.join(ROOT, 'test/fixtures/roster.csv'), ROSTER_SCHEDULE: 'off' } });
  await createAdmin({ db: server.db, input: { email: 'ops@example.com', name: 'Ops', password: 'a-long-admin-password' } });
  admin = createClient(server.url);
  expect((await admin.post('/api/admin/login', { email: 'ops@example.com', password: 'a-long-admin-password' })).status).toBe(200);
});
afterAll(async () => {
  s.closeAll();
  await server?.stop();
});

const HIRE = {
  email: 'New.Hire@corp.example',
  name: 'New Hire',
  nameZh: '新同事',
  languages: ['zh-CN', 'en'],
  skills: ['billing'],
  capacity: 5,
  maxOpenRequests: 3,
  bio: 'Billing questions, gladly.',
  bioZh: '账单问题，乐意效劳。',
  timeZone: 'Europe/Paris',
  workingHours: { days: [1, 2, 3, 4, 5], start: '08:00', end: '16:00' },
};
const codeOf = (url: string) => new URL(url).searchParams.get('code')!;
const useLink = (code: string, password: string, client = createClient(server.url)) => client.post('/api/agent/sign-in-link', { code, password });
const auditOf = async (id: string) => (await admin.get(`/api/admin/agents/${id}`)).json.audit as { action: string; actor: string; changes: Record<string, [unknown, unknown]> }[];

/** The new agent with a console open and online: what matching needs (presence = intention × connection). */
const goOnline = async (token: string) => {
  const tab = s.socket({ token });
  const registered = nextEvent(tab, 'agent:status');
  await connected(tab);
  await registered;
  const online = await fetch(`${server.url}/api/agent/status`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'online' }) });
  expect(online.status).toBe(200);
  return tab;
};
const firstCandidate = async () => {
  const c = createClient(server.url);
  const m = await c.post('/api/matches');
  expect(m.status).toBe(201);
  return { c, m };
};

let hire: { id: string; handle: string; token: string };

describe('adding an agent', () => {
  it('refuses what is wrong, naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...HIRE, languages: undefined }, 'languages'],
      [{ ...HIRE, languages: [] }, 'languages'],
      [{ ...HIRE, languages: ['not a tag'] }, 'languages'],
      [{ ...HIRE, email: 'nope' }, 'email'],
      [{ ...HIRE, name: '  ' }, 'name'],
      [{ ...HIRE, capacity: 0 }, 'capacity'],
      [{ ...HIRE, maxOpenRequests: 2.5 }, 'maxOpenRequests'],
      [{ ...HIRE, timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ ...HIRE, workingHours: { days: [1], start: '18:00', end: '09:00' } }, 'workingHours.end'],
      [{ ...HIRE, password: 'never-through-here' }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await admin.post('/api/admin/agents', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.code).toBe('invalid_input');
      if (field) expect(res.json.error.field).toBe(field);
    }
    expect(await server.db.agent.count({ where: { email: 'new.hire@corp.example' } })).toBe(0);
  });

  it('adds the agent with a one-time sign-in link and no password; the link sets one and signs them in, once', async () => {
    const made = await admin.post('/api/admin/agents', HIRE);
    expect(made.status).toBe(201);
    expect(made.json.agent).toMatchObject({ email: 'new.hire@corp.example', name: 'New Hire', nameZh: '新同事', languages: ['zh-CN', 'en'], capacity: 5, maxOpenRequests: 3, timeZone: 'Europe/Paris', active: true, status: 'offline', hasPassword: false, rosterOwned: [] });
    expect(made.json.signInUrl).toMatch(/^http:\/\/localhost:\d+\/agent\/welcome\?code=[A-Za-z0-9_-]{43}$/);
    expect(made.json.mailed).toBe(false); // no SMTP_URL here: the admin passes the link on
    const code = codeOf(made.json.signInUrl);
    // Stored only as its hash.
    const link = await server.db.agentLink.findFirstOrThrow({ where: { agentId: made.json.agent.id } });
    expect(link).toMatchObject({ id: crypto.createHash('sha256').update(code).digest('hex'), kind: 'invite', usedAt: null });
    expect(link.expiresAt.getTime() - link.createdAt.getTime()).toBe(7 * 24 * 3600_000);
    // The same email again: 409 naming it.
    const again = await admin.post('/api/admin/agents', { ...HIRE, email: 'new.hire@CORP.example' });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: 'conflict', field: 'email' });

    // No password yet: no sign-in works.
    expect((await createClient(server.url).post('/api/agent/login', { email: HIRE.email, password: 'anything-at-all' })).status).toBe(401);
    // A password too short does not use the link up.
    const short = await useLink(code, 'short');
    expect(short.status).toBe(400);
    expect(short.json.error.field).toBe('password');
    const browser = createClient(server.url);
    const used = await useLink(code, 'a-good-new-password', browser);
    expect(used.status).toBe(200);
    expect(used.json.agent).toMatchObject({ id: made.json.agent.id, email: 'new.hire@corp.example' });
    expect(used.headers.get('set-cookie')).toMatch(/^ea_agent=s1\..*HttpOnly/);
    // Signed in exactly as by the sign-in: the cookie and the token both open the console.
    expect((await browser.get('/api/agent/me')).status).toBe(200);
    expect((await fetch(`${server.url}/api/agent/me`, { headers: { authorization: `Bearer ${used.json.token}` } })).status).toBe(200);
    // Once only; unknown and malformed codes are answered alike.
    for (const c of [code, 'A'.repeat(43), 'short']) {
      const res = await useLink(c, 'a-good-new-password');
      expect(res.status).toBe(400);
      expect(res.json.error).toMatchObject({ code: 'invalid_code', field: 'code' });
    }
    expect((await createClient(server.url).post('/api/agent/login', { email: HIRE.email, password: 'a-good-new-password' })).status).toBe(200);
    hire = { id: made.json.agent.id, handle: made.json.agent.handle, token: used.json.token };
  });

  it('the new agent is matched once online with a console open', async () => {
    const before = await firstCandidate();
    expect(before.m.json.agent).toBeNull(); // nobody online yet on this server
    await goOnline(hire.token);
    const { m } = await firstCandidate();
    expect(m.json.agent).toMatchObject({ id: hire.id, name: 'New Hire' });
  });
});

describe('editing an agent', () => {
  it('changes take effect: capacity in matching, the open-request limit in routing; each change audited before → after', async () => {
    // A customer chooses the new agent.
    const { c, m } = await firstCandidate();
    expect((await c.post('/api/customers', { name: 'Cara', email: 'cara@example.com' })).status).toBe(201);
    expect((await c.post(`/api/matches/${m.json.matchId}/choose`)).status).toBe(201);

    // Full at capacity 1: no longer offered to others.
    const full = await admin.patch(`/api/admin/agents/${hire.id}`, { capacity: 1 });
    expect(full.status).toBe(200);
    expect(full.json.agent.capacity).toBe(1);
    expect((await firstCandidate()).m.json.agent).toBeNull();
    expect((await admin.patch(`/api/admin/agents/${hire.id}`, { capacity: 5 })).status).toBe(200);
    expect((await firstCandidate()).m.json.agent).toMatchObject({ id: hire.id });

    // One open request at most: the second waits as "busy"; raising the limit offers it at once.
    expect((await admin.patch(`/api/admin/agents/${hire.id}`, { maxOpenRequests: 1 })).status).toBe(200);
    const send = (n: number) => c.post('/api/service-requests', { message: `Question ${n}` }, { 'Idempotency-Key': `cara-${n}-${Date.now()}` });
    const first = await send(1);
    const second = await send(2);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    const held = await server.db.serviceRequest.findUniqueOrThrow({ where: { id: second.json.request.id } });
    expect(held).toMatchObject({ agentId: hire.id, offeredAt: null, holdReason: 'agent_busy' });
    expect((await admin.patch(`/api/admin/agents/${hire.id}`, { maxOpenRequests: 3 })).status).toBe(200);
    await eventually(async () => (await server.db.serviceRequest.findUniqueOrThrow({ where: { id: second.json.request.id } })).offeredAt !== null);

    // Several fields at once, and nothing at all.
    const edit = await admin.patch(`/api/admin/agents/${hire.id}`, { languages: ['en'], skills: ['billing', 'refunds'], bio: 'Refunds too.' });
    expect(edit.json.agent).toMatchObject({ languages: ['en'], skills: ['billing', 'refunds'], bio: 'Refunds too.' });
    const audited = (await auditOf(hire.id)).length;
    expect((await admin.patch(`/api/admin/agents/${hire.id}`, { languages: ['en'] })).status).toBe(200);
    expect((await auditOf(hire.id)).length).toBe(audited);
    const bad = await admin.patch(`/api/admin/agents/${hire.id}`, { capacity: 'lots' });
    expect(bad.json.error).toMatchObject({ code: 'invalid_input', field: 'capacity' });
    expect((await admin.patch('/api/admin/agents/no-such-agent', { bio: 'x' })).status).toBe(404);

    const audit = await auditOf(hire.id);
    expect(audit.map((a) => a.action)).toEqual(['agent.update', 'agent.update', 'agent.update', 'agent.update', 'agent.update', 'agent.password_set', 'agent.create']);
    expect(audit[0]).toMatchObject({ actor: 'ops@example.com', changes: { languages: [['zh-CN', 'en'], ['en']], skills: [['billing'], ['billing', 'refunds']], bio: ['Billing questions, gladly.', 'Refunds too.'] } });
    expect(audit.filter((a) => a.action === 'agent.update').map((a) => a.changes.capacity).filter(Boolean)).toEqual([[1, 5], [5, 1]]);
    expect(audit.at(-1)!.changes).toMatchObject({ email: [null, 'new.hire@corp.example'], capacity: [null, 5] });
    expect(audit.at(-2)).toMatchObject({ actor: 'new.hire@corp.example', changes: { password: ['none', 'set'] } });
    const recent = (await admin.get('/api/admin/audit')).json.entries;
    expect(recent[0]).toMatchObject({ action: 'agent.update', targetId: hire.id, targetName: 'New Hire', actor: 'ops@example.com' });
  });

  it("refuses a change to a field the roster owns with 409 naming it; the agent's other fields stay editable", async () => {
    expect((await admin.post('/api/admin/jobs/roster/run')).status).toBe(200);
    const ada = await server.db.agent.findUniqueOrThrow({ where: { employeeId: 'E100' } });
    const detail = await admin.get(`/api/admin/agents/${ada.id}`);
    expect(detail.json.agent.rosterOwned).toEqual(['name', 'nameZh', 'email', 'languages', 'skills', 'capacity', 'active']);
    for (const [field, value] of [['name', 'Ada W.'], ['email', 'ada@corp.example'], ['languages', ['en']], ['capacity', 10]] as const) {
      const res = await admin.patch(`/api/admin/agents/${ada.id}`, { bio: 'Bio with it', [field]: value });
      expect(res.status, field).toBe(409);
      expect(res.json.error).toMatchObject({ code: 'roster_owned', field });
      expect(res.json.error.message).toContain('roster');
    }
    const deactivate = await admin.post(`/api/admin/agents/${ada.id}/deactivate`);
    expect(deactivate.status).toBe(409);
    expect(deactivate.json.error).toMatchObject({ code: 'roster_owned', field: 'active' });
    // The same value is not a change; a field the roster does not own is.
    const ok = await admin.patch(`/api/admin/agents/${ada.id}`, { name: 'Ada Wong', bio: 'Roster agent, own bio.', maxOpenRequests: 7 });
    expect(ok.status).toBe(200);
    expect(ok.json.agent).toMatchObject({ name: 'Ada Wong', bio: 'Roster agent, own bio.', maxOpenRequests: 7, active: true });
    expect((await auditOf(ada.id)).map((a) => Object.keys(a.changes))).toEqual([['maxOpenRequests', 'bio']]);
  });
});

describe("an agent's account", () => {
  it('ends every session of the agent: tokens stop working, their console is closed; the password still works', async () => {
    const me = () => fetch(`${server.url}/api/agent/me`, { headers: { authorization: `Bearer ${hire.token}` } });
    const tab = connectSocket(server.url, { token: hire.token });
    await connected(tab);
    const closed = new Promise<void>((r) => tab.on('disconnect', () => r()));
    const res = await admin.delete(`/api/admin/agents/${hire.id}/sessions`);
    expect(res.status).toBe(200);
    expect(res.json.ended).toBeGreaterThanOrEqual(2);
    expect((await me()).status).toBe(401);
    await closed;
    tab.disconnect();
    expect((await auditOf(hire.id))[0]).toMatchObject({ action: 'agent.sessions_end', changes: { sessions: [res.json.ended, 0] } });
    const again = await createClient(server.url).post('/api/agent/login', { email: HIRE.email, password: 'a-good-new-password' });
    expect(again.status).toBe(200);
    hire.token = again.json.token;
  });

  it('resets the password: the old one stops at once, a new one-time link sets another', async () => {
    const res = await admin.post(`/api/admin/agents/${hire.id}/password-reset`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ mailed: false, signInUrl: expect.stringMatching(/\/agent\/welcome\?code=/) });
    expect((await createClient(server.url).post('/api/agent/login', { email: HIRE.email, password: 'a-good-new-password' })).status).toBe(401);
    const second = await admin.post(`/api/admin/agents/${hire.id}/password-reset`);
    // A newer link ends the one before it.
    expect((await useLink(codeOf(res.json.signInUrl), 'another-password-1')).status).toBe(400);
    const used = await useLink(codeOf(second.json.signInUrl), 'another-password-1');
    expect(used.status).toBe(200);
    // Every session from before the new password ended (the one kept from the last test included).
    expect((await fetch(`${server.url}/api/agent/me`, { headers: { authorization: `Bearer ${hire.token}` } })).status).toBe(401);
    expect((await createClient(server.url).post('/api/agent/login', { email: HIRE.email, password: 'another-password-1' })).status).toBe(200);
    expect((await auditOf(hire.id)).slice(0, 3).map((a) => [a.action, a.changes.password])).toEqual([
      ['agent.password_set', ['none', 'set']],
      ['agent.password_reset', ['none', 'link_sent']],
      ['agent.password_reset', ['set', 'link_sent']],
    ]);
    hire.token = used.json.token;
  });

  it('deactivates as `npm run agent -- deactivate` does, and brings the agent back', async () => {
    const binding = await server.db.binding.findFirstOrThrow({ where: { agentId: hire.id, endedAt: null } });
    // A link made before the agent left lets nobody in afterwards.
    const pending = await admin.post(`/api/admin/agents/${hire.id}/password-reset`);
    const off = await admin.post(`/api/admin/agents/${hire.id}/deactivate`);
    expect(off.status).toBe(200);
    expect(off.json.agent).toMatchObject({ active: false, status: 'offline' });
    // As the command does: Cara is asked whether to take someone else (handover with consent), not dropped.
    expect(await server.db.binding.findUniqueOrThrow({ where: { id: binding.id } })).toMatchObject({ endedAt: null, state: 'pending_handover', handoverReason: 'agent_left' });
    expect((await fetch(`${server.url}/api/agent/me`, { headers: { authorization: `Bearer ${hire.token}` } })).status).toBe(401);
    expect((await useLink(codeOf(pending.json.signInUrl), 'yet-another-password')).json.error.code).toBe('invalid_code');
    // Twice is once.
    expect((await admin.post(`/api/admin/agents/${hire.id}/deactivate`)).status).toBe(200);
    const audit = await auditOf(hire.id);
    expect(audit.filter((a) => a.action === 'agent.deactivate')).toEqual([expect.objectContaining({ changes: { active: [true, false] } })]);

    const on = await admin.post(`/api/admin/agents/${hire.id}/reactivate`);
    expect(on.status).toBe(200);
    expect(on.json.agent).toMatchObject({ active: true, status: 'offline', hasPassword: false });
    expect((await auditOf(hire.id))[0]).toMatchObject({ action: 'agent.reactivate', changes: { active: [false, true] } });
    // Back before Cara answered: the question is withdrawn and the agent is hers again.
    expect(await server.db.binding.findUniqueOrThrow({ where: { id: binding.id } })).toMatchObject({ endedAt: null, state: 'active', handoverAnswer: 'cancelled' });
    // The reset before leaving removed the password; a new link lets them in again.
    const link = await admin.post(`/api/admin/agents/${hire.id}/password-reset`);
    expect((await useLink(codeOf(link.json.signInUrl), 'back-again-password')).status).toBe(200);
  });

  it('is the admin’s alone: agents and strangers get 401 on every new route', async () => {
    const agent = await createClient(server.url);
    await agent.post('/api/agent/login', { email: HIRE.email, password: 'back-again-password' });
    for (const c of [createClient(server.url), agent]) {
      expect((await c.post('/api/admin/agents', HIRE)).status).toBe(401);
      expect((await c.get(`/api/admin/agents/${hire.id}`)).status).toBe(401);
      expect((await c.patch(`/api/admin/agents/${hire.id}`, { bio: 'x' })).status).toBe(401);
      expect((await c.post(`/api/admin/agents/${hire.id}/deactivate`)).status).toBe(401);
      expect((await c.delete(`/api/admin/agents/${hire.id}/sessions`)).status).toBe(401);
      expect((await c.get('/api/admin/audit')).status).toBe(401);
    }
  });
});
