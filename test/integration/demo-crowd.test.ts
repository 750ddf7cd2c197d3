import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../lib/db/migrate.ts';
import { createDb } from '../../lib/db/client.ts';
import { DEMO_AGENTS, DEMO_PASSWORD, demoEmail, seedDemoAgents } from '../../lib/demo/seed.ts';
import { connected, connectSocket, createClient, eventually, freePort, printLogsOnFailure, startServer, type RunningServer } from '../helpers/server.ts';
import { testProvider } from '../helpers/pg.ts';
import { startRefusingProxy } from '../helpers/refusing-proxy.ts';

// Issue 23: the demo crowd as `npm start` runs it (server.ts spawns scripts/demo-crowd.ts), on a seeded
// database, with the rules' times shortened — the same code. Its sign-ins and sockets go through a
// proxy that refuses the first sign-ins and can cut every connection, as a warming server or a blip would.
const IDLE_AWAY_MS = 2_000;
const GRACE_MS = 2_500;
const CROWD = DEMO_AGENTS.filter((a) => a.status === 'online');
const REFUSED = 15;

let server: RunningServer;
let proxy: Awaited<ReturnType<typeof startRefusingProxy>>;
let dropDb: () => Promise<void> = async () => {};
afterEach(printLogsOnFailure(() => server));


/** A database built by the migrations and seeded as `npm start` seeds it (demo agents, password demo-agent). */
const seededDatabase = async (dir: string) => {
  let url = `file:${path.join(dir, 'app.db')}`;
  if (testProvider() === 'postgres') {
    const { createPgDatabase } = await import('../helpers/pg.ts');
    const pg = await createPgDatabase();
    url = pg.url;
    dropDb = pg.drop;
  }
  await applyMigrations({ url });
  const db = createDb(url);
  await seedDemoAgents(db);
  await db.$disconnect();
  return url;
};

const demoRows = (handle?: string) =>
  server.db.agentConnection.count({ where: { demo: true, ...(handle ? { agent: { handle } } : {}) } });
const availableInSearch = async () => {
  const body = (await createClient(server.url).post('/api/matches')).json as { agent?: unknown; remaining?: number };
  return body?.agent ? 1 + (body.remaining ?? 0) : 0;
};

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ea-demo-'));
  const dbUrl = await seededDatabase(dir);
  const port = await freePort();
  proxy = await startRefusingProxy({ target: () => port, refuseSignIns: REFUSED });
  server = await startServer({
    dir,
    dbUrl,
    env: {
      PORT: String(port),
      DEMO_AGENTS: '1',
      DEMO_URL: proxy.url,
      IDLE_AWAY_MS: String(IDLE_AWAY_MS),
      PRESENCE_GRACE_MS: String(GRACE_MS),
      SWEEP_INTERVAL_MS: '200',
      SESSION_RECHECK_MS: '300',
      DEMO_ACK_MIN_MS: '100',
      DEMO_ACK_MAX_MS: '200',
    },
  });
}, 90_000);
afterAll(async () => {
  await proxy?.close();
  await server?.stop();
  await dropDb();
});

describe('the demo crowd behaves like a team at work', () => {
  it('sits down although the first sign-ins are refused, and the server says "ready" only then', async () => {
    const ready = await eventually(async () => server.logs.join('').match(/"msg":"ready"/) && server.logs.join(''), 60_000, 100);
    expect(proxy.refused()).toBe(REFUSED);
    expect(ready).toMatch(/trying again/);
    expect(ready).toContain(`"demo":"${CROWD.length} of ${CROWD.length} demo agents at their consoles"`);
    expect(await demoRows()).toBe(CROWD.length);
    expect(await availableInSearch()).toBe(CROWD.length);
  });

  it('is still available after twice the idle time: its consoles report activity', async () => {
    await eventually(async () => (await demoRows()) === CROWD.length, 30_000);
    await new Promise((r) => setTimeout(r, 2 * IDLE_AWAY_MS + 500));
    const agents = await server.db.agent.findMany({ where: { handle: { in: CROWD.map((a) => a.handle) } } });
    expect(agents.map((a) => [a.handle, a.status, a.connected])).toEqual(agents.map((a) => [a.handle, 'online', true]));
    expect(await availableInSearch()).toBe(CROWD.length);
  });

  it('comes back after every connection dropped, and signs in anew after its sessions ended', async () => {
    await eventually(async () => (await demoRows()) === CROWD.length, 30_000);
    proxy.dropAll();
    await eventually(async () => (await demoRows()) < CROWD.length, 10_000);
    await eventually(async () => (await demoRows()) === CROWD.length, 30_000);

    // Sessions ended elsewhere (e.g. `npm run agent -- deactivate` then activate): the consoles are closed.
    const before = await server.db.session.count({ where: { kind: 'agent' } });
    await server.db.session.updateMany({ where: { kind: 'agent', revokedAt: null }, data: { revokedAt: new Date() } });
    await eventually(async () => (await server.db.session.count({ where: { kind: 'agent', revokedAt: null } })) === CROWD.length, 30_000, 100);
    await eventually(async () => (await demoRows()) === CROWD.length, 30_000);
    expect(await server.db.session.count({ where: { kind: 'agent' } })).toBe(before + CROWD.length);
    expect(await availableInSearch()).toBe(CROWD.length);
  }, 90_000);

  it('goes quiet for the real person, takes none of their alerts within the grace, and rejoins once it has passed', async () => {
    await eventually(async () => (await demoRows('li.ming')) === 1, 30_000);
    // A customer of Li Ming's.
    const customer = createClient(server.url);
    expect((await customer.post('/api/customers', { name: 'Newcomer', email: 'newcomer@example.com' })).status).toBe(201);
    let m = await customer.post('/api/matches');
    while (m.json.agent && m.json.agent.handle !== 'li.ming') m = await customer.post(`/api/matches/${m.json.matchId}/skip`);
    expect((await customer.post(`/api/matches/${m.json.matchId}/choose`)).status).toBe(201);

    // The real person signs in to li.ming@demo.local, as the README suggests: the demo steps aside.
    const login = await createClient(server.url).post('/api/agent/login', { email: demoEmail('li.ming'), password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    const person = connectSocket(server.url, { token: login.json.token });
    await connected(person);
    await eventually(async () => (await demoRows('li.ming')) === 0, 10_000);

    // The person chooses away and closes the tab; a request arrives within the grace period: nobody takes it for them.
    const away = await createClient(server.url).put('/api/agent/status', { status: 'away' }, { authorization: `Bearer ${login.json.token}` });
    expect(away.status).toBe(200);
    person.disconnect();
    const left = Date.now();
    const sent = await customer.post('/api/service-requests', { message: 'Is my parcel lost?' }, { 'Idempotency-Key': `demo-${Date.now()}` });
    expect(sent.status).toBe(201);
    const id = sent.json.request.id as string;
    while (Date.now() - left < GRACE_MS - 300) {
      expect(await demoRows('li.ming')).toBe(0);
      expect((await server.db.serviceRequest.findUniqueOrThrow({ where: { id } })).status).toBe('pending');
      await new Promise((r) => setTimeout(r, 100));
    }

    // The grace has passed: the demo is back at Li Ming's console and answers the request.
    await eventually(async () => (await demoRows('li.ming')) === 1, 15_000);
    const answered = await eventually(async () => {
      const r = await server.db.serviceRequest.findUniqueOrThrow({ where: { id } });
      return r.status === 'acknowledged' && r;
    }, 15_000);
    expect(answered.status).toBe('acknowledged');
    expect(Date.now() - left).toBeGreaterThanOrEqual(GRACE_MS);
    expect(await availableInSearch()).toBe(CROWD.length);
  }, 90_000);
});
