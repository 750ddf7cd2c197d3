import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, printLogsOnFailure, startServer, type RunningServer } from '../helpers/server.ts';
import { makeAgent, makeCustomer } from '../helpers/db.ts';
import { createAdmin } from '../../lib/admin/admins.ts';

// Issue 28: /api/admin/reports over a seeded history whose every figure is known, on the real server
// (SQLite, and PostgreSQL in the postgres project: the aggregates are written per dialect).
let server: RunningServer;
afterEach(printLogsOnFailure(() => server));
afterAll(() => server?.stop());

const MIN = 60_000;
const at = (iso: string, plusMin = 0) => new Date(Date.parse(iso) + plusMin * MIN);
const FROM = '2026-11-02T00:00:00.000Z';
const TO = '2026-11-05T00:00:00.000Z';
const ids: Record<string, string> = {};
let admin: ReturnType<typeof createClient>;

type Seed = { at: string; agent: 'A' | 'B' | 'C'; bound: 'A' | 'B' | 'C'; offered?: number | null; ack?: number; resolved?: number; hops?: number; rating?: number };
/** Minutes after `at`. offered: undefined = at once; null = never (still held). */
const REQUESTS: Record<string, Seed> = {
  r0: { at: '2026-11-01T23:00:00Z', agent: 'A', bound: 'A', ack: 100, resolved: 200 }, // before the period
  r1: { at: '2026-11-02T08:00:00Z', agent: 'A', bound: 'A', ack: 1, resolved: 10, rating: 5 },
  r2: { at: '2026-11-02T09:00:00Z', agent: 'A', bound: 'A', ack: 2, resolved: 20, rating: 4 },
  r3: { at: '2026-11-02T10:00:00Z', agent: 'A', bound: 'A', ack: 3, resolved: 30 },
  r4: { at: '2026-11-03T08:00:00Z', agent: 'A', bound: 'A', ack: 4, resolved: 40 },
  r5: { at: '2026-11-03T08:30:00Z', agent: 'B', bound: 'A', offered: 10, ack: 15, resolved: 50, hops: 1, rating: 1 },
  r6: { at: '2026-11-03T09:00:00Z', agent: 'C', bound: 'A', offered: 20, ack: 25, hops: 2 },
  r7: { at: '2026-11-04T10:00:00Z', agent: 'B', bound: 'B', ack: 5 },
  r8: { at: '2026-11-04T10:00:00Z', agent: 'A', bound: 'A', offered: null }, // held until the period's end: 14 h
  r9: { at: '2026-11-04T11:00:00Z', agent: 'B', bound: 'B', ack: 6, resolved: 60, rating: 3 },
  r10: { at: '2026-11-04T12:00:00Z', agent: 'B', bound: 'C', ack: 7, resolved: 70, hops: 1 },
};

beforeAll(async () => {
  server = await startServer();
  const db = server.db;
  for (const n of ['A', 'B', 'C'] as const) ids[n] = (await makeAgent(db, { capability: 60, handle: `report-${n.toLowerCase()}` })).id;
  await db.agent.update({ where: { id: ids.A }, data: { activeBindings: 3, capacity: 10 } });
  const customer = (await makeCustomer(db, { name: 'Report Customer' })).id;
  for (const [key, r] of Object.entries(REQUESTS)) {
    const created = at(r.at);
    const offered = r.offered === null ? null : at(r.at, r.offered ?? 0);
    const req = await db.serviceRequest.create({
      data: {
        customerId: customer,
        agentId: ids[r.agent]!,
        boundAgentId: ids[r.bound]!,
        message: key,
        idempotencyKey: key,
        status: r.resolved ? 'resolved' : r.ack ? 'acknowledged' : 'pending',
        createdAt: created,
        offeredAt: offered,
        firstOfferedAt: offered,
        holdReason: offered ? null : 'agent_away',
        acknowledgedAt: r.ack ? at(r.at, r.ack) : null,
        resolvedAt: r.resolved ? at(r.at, r.resolved) : null,
        hops: r.hops ?? 0,
      },
    });
    if (r.rating) await db.rating.create({ data: { requestId: req.id, customerId: customer, agentId: ids[r.agent]!, stars: r.rating, createdAt: at(r.at, (r.resolved ?? 0) + 1) } });
  }
  // A rating and a gift outside the period must not count.
  const r0 = await db.serviceRequest.findFirstOrThrow({ where: { message: 'r0' } });
  await db.rating.create({ data: { requestId: r0.id, customerId: customer, agentId: ids.A!, stars: 2, createdAt: at('2026-11-01T23:50:00Z') } });
  for (const [agent, points, when] of [['A', 5, '2026-11-02T12:00:00Z'], ['A', 20, '2026-11-03T12:00:00Z'], ['B', 1, '2026-11-04T12:00:00Z'], ['A', 99, '2026-11-05T00:00:00Z']] as const) {
    await db.giftSent.create({ data: { customerId: customer, agentId: ids[agent]!, giftId: 'flower', points, createdAt: at(when) } });
  }
  // Customers who changed agent: three in the period (two left A), one before it; handovers asked of C's customers.
  // Each its own customer: a customer has one binding not ended.
  const binding = async (agent: 'A' | 'B' | 'C', data: Record<string, unknown>) =>
    db.binding.create({ data: { customerId: (await makeCustomer(db)).id, agentId: ids[agent]!, createdAt: at('2026-10-01T00:00:00Z'), ...data } });
  await binding('A', { endedAt: at('2026-11-03T01:00:00Z'), endReason: 'rebind' });
  await binding('C', { endedAt: at('2026-11-03T02:00:00Z'), endReason: 'agent-left' });
  await binding('A', { endedAt: at('2026-11-04T02:00:00Z'), endReason: 'customer-erased' });
  await binding('B', { endedAt: at('2026-10-30T02:00:00Z'), endReason: 'rebind' });
  await binding('C', { state: 'pending_handover', handoverReason: 'agent_left', handoverAt: at('2026-11-03T03:00:00Z'), endedAt: at('2026-11-03T04:00:00Z'), endReason: 'agent-left' });
  await binding('C', { handoverReason: 'agent_left', handoverAt: at('2026-11-03T03:00:00Z'), handoverAnswer: 'accepted', handoverAnsweredAt: at('2026-11-03T05:00:00Z') });
  await binding('C', { handoverReason: 'agent_left', handoverAt: at('2026-11-03T03:00:00Z'), handoverAnswer: 'chose_again', handoverAnsweredAt: at('2026-11-03T05:00:00Z') });
  await binding('C', { handoverReason: 'agent_left', handoverAt: at('2026-10-03T03:00:00Z'), handoverAnswer: 'accepted' });

  await createAdmin({ db, input: { email: 'reports@example.com', name: 'Reports', password: 'a-long-admin-password' } });
  admin = createClient(server.url);
  expect((await admin.post('/api/admin/login', { email: 'reports@example.com', password: 'a-long-admin-password' })).status).toBe(200);
});

const q = (extra = '') => `/api/admin/reports?from=${FROM}&to=${TO}${extra}`;
const text = async (path: string) => {
  const res = await fetch(`${server.url}${path}`, { headers: { cookie: admin.cookieHeader() } });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
};

describe('GET /api/admin/reports', () => {
  it('gives the known figures of the seeded period', async () => {
    const res = await admin.get(q());
    expect(res.status).toBe(200);
    const r = res.json;
    expect(r.volume).toEqual([
      { at: '2026-11-02T00:00:00.000Z', count: 3 },
      { at: '2026-11-03T00:00:00.000Z', count: 3 },
      { at: '2026-11-04T00:00:00.000Z', count: 4 },
    ]);
    expect(r.volumeByHour.filter((h: { count: number }) => h.count)).toEqual([
      { hour: 8, count: 3 },
      { hour: 9, count: 2 },
      { hour: 10, count: 3 },
      { hour: 11, count: 1 },
      { hour: 12, count: 1 },
    ]);
    // First answers (min): 1 2 3 4 5 6 7 15 25 → p50 5, p90 15 + 0.2 × 10 = 17 (linear interpolation).
    expect(r.firstAnswer).toEqual({ p50Ms: 5 * MIN, p90Ms: 17 * MIN, count: 9 });
    // Resolutions (min): 10 20 30 40 50 60 70 → p50 40, p90 60 + 0.4 × 10 = 64.
    expect(r.resolution).toEqual({ p50Ms: 40 * MIN, p90Ms: 64 * MIN, count: 7 });
    expect(r.ratings).toEqual({ average: 3.25, count: 4, distribution: [1, 0, 1, 1, 1].map((count, i) => ({ stars: i + 1, count })) });
    expect(r.gifts).toEqual({ count: 3, points: 26 });
    const h = r.bindingHealth;
    expect(h).toMatchObject({ requests: 10, answeredByOwnAgent: 0.6, coveredShare: 0.3, heldShare: 0.3 });
    // Held (min): 10, 20, and r8 never offered: until the period's end, 14 h = 840 → p90 20 + 0.8 × 820 = 676.
    expect(h.heldMs).toEqual({ p50: 20 * MIN, p90: 676 * MIN, count: 3 });
    expect(h.coveredBy.map((c: { agentId: string; count: number }) => [c.agentId, c.count])).toEqual([[ids.B, 2], [ids.C, 1]]);
    expect(h.hops).toEqual({ moved: 3, total: 4, max: 2 });
    expect(h.agentChanges).toEqual([
      { reason: 'agent-left', count: 2 },
      { reason: 'customer-erased', count: 1 },
      { reason: 'rebind', count: 1 },
    ]);
    expect(h.handovers).toEqual([
      { reason: 'agent_left', answer: 'accepted', count: 1 },
      { reason: 'agent_left', answer: 'chose_again', count: 1 },
      { reason: 'agent_left', answer: 'pending', count: 1 },
    ]);
    expect(h.customersPerAgent.find((a: { agentId: string }) => a.agentId === ids.A)).toMatchObject({ customers: 3, capacity: 10 });
  });

  it('for one agent: the requests they handled, and binding health of their own customers', async () => {
    const r = (await admin.get(q(`&agentId=${ids.A}`))).json;
    expect(r.volume.map((v: { count: number }) => v.count)).toEqual([3, 1, 1]);
    // A answered 1 2 3 4 → p50 2.5, p90 3.7; resolved 10 20 30 40 → p50 25, p90 37.
    expect(r.firstAnswer).toEqual({ p50Ms: 2.5 * MIN, p90Ms: 3.7 * MIN, count: 4 });
    expect(r.resolution).toEqual({ p50Ms: 25 * MIN, p90Ms: 37 * MIN, count: 4 });
    expect(r.ratings).toMatchObject({ average: 4.5, count: 2 });
    expect(r.gifts).toEqual({ count: 2, points: 25 });
    const h = r.bindingHealth;
    expect(h.requests).toBe(7);
    expect(h.answeredByOwnAgent).toBeCloseTo(4 / 7, 10);
    expect(h.coveredShare).toBeCloseTo(2 / 7, 10);
    expect(h.heldMs).toEqual({ p50: 20 * MIN, p90: 676 * MIN, count: 3 });
    expect(h.coveredBy.map((c: { agentId: string; count: number }) => [c.agentId, c.count]).sort()).toEqual([[ids.B, 1], [ids.C, 1]].sort());
    expect(h.agentChanges).toEqual([
      { reason: 'customer-erased', count: 1 },
      { reason: 'rebind', count: 1 },
    ]);
    expect(h.customersPerAgent).toHaveLength(1);
  });

  it("counts days and hours in the viewer's zone", async () => {
    const r = (await admin.get(q('&utcOffsetMinutes=480'))).json;
    expect(r.volume).toEqual([
      { at: '2026-11-01T16:00:00.000Z', count: 3 },
      { at: '2026-11-02T16:00:00.000Z', count: 3 },
      { at: '2026-11-03T16:00:00.000Z', count: 4 },
      { at: '2026-11-04T16:00:00.000Z', count: 0 },
    ]);
    expect(r.volumeByHour.find((h: { hour: number }) => h.hour === 16).count).toBe(3);
  });

  it('gives the same figures as CSV, all of them or one section', async () => {
    const json = (await admin.get(q())).json;
    const csv = await text(q('&format=csv'));
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('section,key,label,value');
    for (const v of json.volume) expect(lines).toContain(`volume,${v.at},,${v.count}`);
    expect(lines).toContain(`firstAnswer,p50Ms,,${json.firstAnswer.p50Ms}`);
    expect(lines).toContain(`resolution,p90Ms,,${json.resolution.p90Ms}`);
    expect(lines).toContain(`ratings,average,,${json.ratings.average}`);
    expect(lines).toContain(`gifts,points,,${json.gifts.points}`);
    expect(lines).toContain(`bindingHealth,answeredByOwnAgent,,${json.bindingHealth.answeredByOwnAgent}`);
    expect(lines).toContain(`bindingHealth,heldMs.p90,,${json.bindingHealth.heldMs.p90}`);
    expect(lines).toContain(`handovers,agent_left/pending,,1`);
    const one = await text(q('&format=csv&section=coveredBy'));
    const rows = one.body.trim().split('\r\n').slice(1);
    expect(rows.map((l) => l.split(',')[0])).toEqual(['coveredBy', 'coveredBy']);
    expect(rows[0]).toBe(`coveredBy,${ids.B},Agent report-b,2`);
  });

  it('refuses a bad query naming the field, and anyone but an admin', async () => {
    const field = async (path: string) => {
      const res = await admin.get(path);
      return [res.status, res.json.error.field];
    };
    expect(await field(`/api/admin/reports?from=${TO}&to=${FROM}`)).toEqual([400, 'to']);
    expect(await field(`/api/admin/reports?from=yesterday&to=${TO}`)).toEqual([400, 'from']);
    expect(await field(`/api/admin/reports?to=${TO}`)).toEqual([400, 'from']);
    expect(await field(`/api/admin/reports?from=2024-01-01T00:00:00Z&to=${TO}`)).toEqual([400, 'to']);
    expect(await field(q('&agentId=%27%20OR%201%3D1'))).toEqual([400, 'agentId']);
    expect(await field(q('&format=xml'))).toEqual([400, 'format']);
    expect(await field(q('&utcOffsetMinutes=330'))).toEqual([400, 'utcOffsetMinutes']);
    expect((await createClient(server.url).get(q())).status).toBe(401);
  });

  it('ran every report above on its reader threads, not on the server thread (SQLite: no fallback logged)', async () => {
    expect((await admin.get(q())).status).toBe(200);
    expect(server.logs.join('')).not.toMatch(/report reader thread failed/);
  });
});
