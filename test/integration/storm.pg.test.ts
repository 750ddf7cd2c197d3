import crypto from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../lib/credentials/password.ts';
import { startTestServices, type TestServices } from '../../scripts/test-services.ts';
import { startAgentConsole } from '../helpers/agent-console.ts';
import { makeAgent } from '../helpers/db.ts';
import { logLines } from '../helpers/logs.ts';
import { createClient, eventually, startServer, type RunningServer } from '../helpers/server.ts';

// Issue 26: a storm. Two instances on one PostgreSQL + Redis — this file's own, so stopping them
// disturbs no other test — customers send steady requests through both instances and retry with the
// same Idempotency-Key on any failure (as the app's outbox does). Redis goes away for 6 s and comes
// back; then PostgreSQL restarts (fast shutdown, down 16 s). Every request answered 201/200 must reach its
// agent's console within 10 s of the last recovery; no key is stored twice; no 5xx but 503; both
// instances are ready again.
const AGENTS = 3;
const CUSTOMERS_PER_AGENT = 3;
const SEND_EVERY_MS = 125; // ~8 requests/s in all, alternating instances
const REDIS_DOWN_AT_MS = 4_000;
const REDIS_DOWN_FOR_MS = 6_000;
const PG_RESTART_AT_MS = 13_000;
// A restart of a real server takes a while (the shutdown checkpoint, recovery at start); longer than
// an instance's heartbeat may stay silent (lib/agents/presence.ts INSTANCE_STALE_MS, 15 s), so the
// first sweep after it finds every other instance's heartbeat stale.
const PG_DOWN_FOR_MS = Number(process.env.STORM_PG_DOWN_MS ?? 16_000);
const TRAFFIC_FOR_MS = PG_RESTART_AT_MS + PG_DOWN_FOR_MS + 8_000; // and on after the recovery
const ALERT_WITHIN_MS = 10_000;
// The production sweep interval; a short presence grace (production: 30 s) so that what follows an
// agent wrongly taken for gone shows within the test; offers do not time out to covers here, so "its
// agent" stays the bound one.
const env = { SWEEP_INTERVAL_MS: '2000', PRESENCE_GRACE_MS: '2000', ACCEPT_TIMEOUT_MS: '600000', LOG_LEVEL: 'info' };

let services: TestServices;
let a: RunningServer;
let b: RunningServer;
const consoles: ReturnType<typeof startAgentConsole>[] = [];

beforeAll(async () => {
  // Ports below Linux's ephemeral range (32768–60999): while a service is down, the storm's thousands
  // of new connections take ephemeral ports, and Redis once could not listen again on 58379. (It was
  // seen once on 28379 too, holder unknown: startRedis tries again and names who holds the port.)
  services = await startTestServices({ pgPort: 27432, redisPort: 28379 });
  const name = `storm_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: services.pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const dbUrl = services.pgUrl.replace(/\/postgres$/, `/${name}`);
  const own = { ...env, REDIS_URL: services.redisUrl, REDIS_KEY_PREFIX: 'storm' };
  a = await startServer({ dbUrl, env: { ...own, INSTANCE_ID: 'storm-a' } });
  b = await startServer({ dbUrl, env: { ...own, INSTANCE_ID: 'storm-b' } });
});

afterAll(async () => {
  consoles.splice(0).forEach((c) => c.close());
  await Promise.allSettled([a?.stop({ keepDb: true }), b?.stop({ keepDb: true })]);
  services?.stop();
});

type Sent = { key: string; customer: number; agentId: string; statuses: (number | 'network')[]; sentAt: number; id?: string; acceptedAt?: number };

describe('storm: Redis away, then PostgreSQL restarts, two instances', () => {
  it('every accepted request reaches its agent within 10 s of recovery; none stored twice; no 5xx but 503', { timeout: 150_000 }, async () => {
    const servers = [a, b];
    const hash = await hashPassword('right-password');

    // Agents, each with a console (the real store) on one instance, confirming and taking alerts.
    const agents: { id: string; handle: string; console: ReturnType<typeof startAgentConsole> }[] = [];
    for (let i = 0; i < AGENTS; i++) {
      const handle = `storm-agent-${i}`;
      const row = await makeAgent(a.db, { handle, capability: 90 - i, passwordHash: hash, connected: false });
      // Every request stays open (taken, not resolved): no "busy" hold may stand in for a lost alert.
      await a.db.agent.update({ where: { id: row.id }, data: { maxOpenRequests: 1000 } });
      const server = servers[i % 2]!;
      const login = await createClient(server.url).post('/api/agent/login', { email: `${handle}@test.local`, password: 'right-password' });
      expect(login.status).toBe(200);
      const c = startAgentConsole({ base: () => server.url, token: login.json.token, transports: ['websocket'] });
      consoles.push(c);
      agents.push({ id: row.id, handle, console: c });
    }
    await eventually(async () => agents.every((x) => x.console.stats.reloads >= 1), 15_000);
    await eventually(async () => (await a.db.agent.count({ where: { handle: { startsWith: 'storm-agent-' }, connected: true } })) === AGENTS, 15_000);

    // When each console first had each request on screen (live alert or the list after a reconnect).
    const firstShown = new Map<string, number>();
    const stamp = setInterval(() => {
      for (const x of agents) for (const id of x.console.shown.keys()) if (!firstShown.has(id)) firstShown.set(id, Date.now());
    }, 20);

    // Customers, each bound to one agent.
    const customers: { cookie: string; agentId: string }[] = [];
    for (let i = 0; i < AGENTS * CUSTOMERS_PER_AGENT; i++) {
      const agent = agents[i % AGENTS]!;
      const c = createClient(servers[i % 2]!.url);
      const created = await c.post('/api/customers', { name: `Storm ${i}`, email: `storm${i}@example.com` });
      expect(created.status).toBe(201);
      const customerId = created.json.customer.id as string;
      await a.db.binding.create({ data: { customerId, agentId: agent.id, contactEmail: `storm${i}@example.com` } });
      await a.db.agent.update({ where: { id: agent.id }, data: { activeBindings: { increment: 1 } } });
      customers.push({ cookie: c.cookieHeader(), agentId: agent.id });
    }

    // Steady requests; each retried with its key until it is answered 201/200 (the outbox).
    const sent: Sent[] = [];
    const unexpected: string[] = [];
    let stopRetrying = false;
    const send = async (s: Sent, first: number) => {
      for (let attempt = 0; !stopRetrying; attempt++) {
        const server = servers[(first + attempt) % 2]!;
        try {
          const res = await createClient(server.url).post('/api/service-requests', { message: `storm ${s.key}` }, { cookie: customers[s.customer]!.cookie, 'Idempotency-Key': s.key });
          s.statuses.push(res.status);
          if (res.status === 200 || res.status === 201) {
            s.id = res.json.request.id;
            s.acceptedAt = Date.now();
            return;
          }
          if (res.status >= 500 && res.status !== 503) unexpected.push(`${s.key} → ${res.status} ${JSON.stringify(res.json)}`);
          if (res.status < 500 && res.status !== 429) unexpected.push(`${s.key} → ${res.status} ${JSON.stringify(res.json)}`);
        } catch {
          s.statuses.push('network');
        }
        await new Promise((r) => setTimeout(r, 400));
      }
    };

    const started = Date.now();
    const inFlight: Promise<void>[] = [];
    let n = 0;
    const traffic = setInterval(() => {
      if (Date.now() - started >= TRAFFIC_FOR_MS) return;
      const customer = n % customers.length;
      const s: Sent = { key: `storm-${n}-${crypto.randomBytes(3).toString('hex')}`, customer, agentId: customers[customer]!.agentId, statuses: [], sentAt: Date.now() };
      sent.push(s);
      inFlight.push(send(s, n));
      n++;
    }, SEND_EVERY_MS);

    // The storm.
    const at = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, started + ms - Date.now())));
    const marks: Record<string, number> = {};
    await at(REDIS_DOWN_AT_MS);
    await services.blink.stopRedis();
    marks.redisDown = Date.now() - started;
    await at(REDIS_DOWN_AT_MS + REDIS_DOWN_FOR_MS);
    await services.blink.startRedis();
    marks.redisUp = Date.now() - started;
    await at(PG_RESTART_AT_MS);
    services.blink.stopPg();
    marks.pgDown = Date.now() - started;
    await at(PG_RESTART_AT_MS + PG_DOWN_FOR_MS);
    services.blink.startPg();
    const recovered = Date.now();
    marks.pgUp = recovered - started;

    await at(TRAFFIC_FOR_MS);
    clearInterval(traffic);
    // Every request is answered in the end (bounded: the test fails below if one never is).
    const answeredBy = recovered + 20_000;
    await Promise.race([Promise.all(inFlight), at(answeredBy - started)]);
    stopRetrying = true;
    await Promise.all(inFlight);

    const accepted = sent.filter((s) => s.id);
    // Each accepted request on its agent's console by 10 s after the last recovery (or after it was
    // accepted, for one accepted later than that).
    const dueOf = (s: Sent) => Math.max(recovered, s.acceptedAt!) + ALERT_WITHIN_MS;
    const lastDue = Math.max(...accepted.map(dueOf));
    while (Date.now() < lastDue && accepted.some((s) => !firstShown.has(s.id!))) await new Promise((r) => setTimeout(r, 100));
    clearInterval(stamp);
    const late = accepted.filter((s) => !firstShown.has(s.id!) || firstShown.get(s.id!)! > dueOf(s));

    // Measurements, for the report whether it passes or not.
    const rows = await a.db.serviceRequest.findMany({ where: { id: { in: late.map((s) => s.id!) } } });
    const retries = sent.reduce((k, s) => k + s.statuses.length - 1, 0);
    const statusCounts: Record<string, number> = {};
    for (const s of sent) for (const st of s.statuses) statusCounts[st] = (statusCounts[st] ?? 0) + 1;
    const shownTwice = agents.reduce((k, x) => k + [...x.console.shown.values()].filter((v) => v > 1).length, 0);
    console.info(
      `storm: ${sent.length} sent, ${accepted.length} accepted, ${retries} retries, statuses ${JSON.stringify(statusCounts)}; marks (ms) ${JSON.stringify(marks)}; ` +
        `${shownTwice} shown twice; consoles ${JSON.stringify(agents.map((x) => x.console.stats))}`,
    );
    const slowest = accepted
      .map((s) => ({ key: s.key, afterAccepted: (firstShown.get(s.id!) ?? Infinity) - s.acceptedAt!, afterRecovery: (firstShown.get(s.id!) ?? Infinity) - recovered }))
      .sort((x, y) => y.afterAccepted - x.afterAccepted)
      .slice(0, 5);
    const slowAnswers = accepted
      .map((s) => ({ key: s.key, sentAt: s.sentAt - started, answerMs: s.acceptedAt! - s.sentAt, statuses: s.statuses.join(',') }))
      .sort((x, y) => y.answerMs - x.answerMs)
      .slice(0, 5);
    const presence = {
      connections: (await a.db.agentConnection.findMany({ select: { agentId: true, instanceId: true } })).map((c) => `${agents.findIndex((x) => x.id === c.agentId)}@${c.instanceId.slice(0, 7)}`),
      agents: (await a.db.agent.findMany({ where: { handle: { startsWith: 'storm-agent-' } }, orderBy: { handle: 'asc' }, select: { connected: true, disconnectedAt: true } })).map((x) => `${x.connected ? 'connected' : 'not connected'}${x.disconnectedAt ? ` (last left +${x.disconnectedAt.getTime() - started} ms)` : ''}`),
    };
    console.info(`presence after the storm: ${JSON.stringify(presence)}`);
    console.info(`slowest answers: ${JSON.stringify(slowAnswers)}`);
    console.info(`slowest alerts (ms after the answer; after the last recovery): ${JSON.stringify(slowest)}`);
    for (const [label, s] of [['A', a], ['B', b]] as const) {
      const counts: Record<string, number> = {};
      for (const l of logLines(s)) if (Number(l.level) >= 40 || /not confirmed|leadership|presence changed/.test(String(l.msg))) counts[String(l.msg)] = (counts[String(l.msg)] ?? 0) + 1;
      console.info(`${label}: ${JSON.stringify(counts)}`);
    }
    if (late.length) {
      console.error(
        `late or missing alerts:\n${late
          .map((s) => {
            const r = rows.find((x) => x.id === s.id);
            const shownAt = firstShown.get(s.id!);
            return `${s.key} id=${s.id} acceptedAt=+${s.acceptedAt! - started} shown=${shownAt ? `+${shownAt - started}` : 'never'} status=${r?.status} offeredAt=${r?.offeredAt?.toISOString()} deliveredAt=${r?.deliveredAt?.toISOString()} holdReason=${r?.holdReason} createdAt=${r?.createdAt.toISOString()} agent=${r?.agentId === s.agentId ? 'bound' : r?.agentId}`;
          })
          .join('\n')}\nstarted=${new Date(started).toISOString()}`,
      );
      const agentRows = await a.db.agent.findMany({ where: { handle: { startsWith: 'storm-agent-' } }, select: { handle: true, id: true, status: true, connected: true, disconnectedAt: true } });
      const conns = await a.db.agentConnection.findMany();
      console.error(JSON.stringify({ agentRows, conns }, null, 1));
      for (const [label, s] of [['A', a], ['B', b]] as const) {
        console.error(`--- ${label} (warn and above, and alerts) ---\n${logLines(s)
          .filter((l) => Number(l.level) >= 40 || /alert|leader|sweep|presence/.test(String(l.msg)))
          .map((l) => JSON.stringify(l))
          .join('\n')}`);
      }
    }

    expect(unexpected).toEqual([]);
    expect(sent.filter((s) => !s.id).map((s) => `${s.key}: ${s.statuses.join(',')}`)).toEqual([]);
    expect(late.map((s) => s.key)).toEqual([]);
    // Nothing accepted twice: one row per key, and every answer for a key named that row.
    const stored = await a.db.serviceRequest.findMany({ where: { idempotencyKey: { startsWith: 'storm-' } }, select: { id: true, idempotencyKey: true } });
    expect(stored).toHaveLength(accepted.length);
    expect(new Set(stored.map((r) => r.idempotencyKey)).size).toBe(stored.length);
    expect(new Set(stored.map((r) => r.id))).toEqual(new Set(accepted.map((s) => s.id)));
    // Every console that never left is a live connection again (the sweep after the outage took the
    // other instance for dead and dropped its consoles' rows), and its agent is connected.
    await eventually(async () => {
      const rows = await a.db.agentConnection.findMany({ select: { agentId: true } });
      const live = await a.db.agent.count({ where: { handle: { startsWith: 'storm-agent-' }, connected: true, disconnectedAt: null } });
      return agents.every((x) => rows.some((r) => r.agentId === x.id)) && live === AGENTS;
    }, 10_000, 200);
    // Both instances ready again: database and Redis.
    for (const server of servers) {
      await eventually(async () => {
        const ready = await createClient(server.url).get('/api/ready').catch(() => null);
        return ready?.status === 200 && ready.json.ready === true;
      }, 10_000, 200);
    }
  });
});
