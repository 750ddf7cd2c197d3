import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../lib/credentials/password.ts';
import { makeAgent } from '../helpers/db.ts';
import { createClient, eventually, startServer, type RunningServer } from '../helpers/server.ts';
import { startBalancer } from '../helpers/balancer.ts';
import { startAgentConsole } from '../helpers/agent-console.ts';
import { logLines } from '../helpers/logs.ts';

// Issue #12: SIGTERM to instance A while customers send and the agent works through a balancer.
// A stops taking connections, answers what it had, closes its sockets; the agent's console
// reconnects (to B) and gets what is pending; nothing is lost; each request shows once.
let a: RunningServer;
let b: RunningServer;
let balancer: Awaited<ReturnType<typeof startBalancer>>;
const env = { SWEEP_INTERVAL_MS: '200', ACCEPT_TIMEOUT_MS: '600000', PRESENCE_GRACE_MS: '600000' };

beforeAll(async () => {
  a = await startServer({ env: { ...env, INSTANCE_ID: 'drain-a' } });
  b = await startServer({ dbUrl: a.dbUrl, env: { ...env, INSTANCE_ID: 'drain-b' } });
  balancer = await startBalancer(() => [a.port, b.port]);
});
afterEach((ctx) => {
  if (ctx.task.result?.state === 'fail') console.error(`--- A ---\n${a?.logs.join('')}\n--- B ---\n${b?.logs.join('')}`);
});
afterAll(async () => {
  await balancer?.close();
  await b?.stop();
  await a?.stop();
});

describe('graceful shutdown', () => {
  it('SIGTERM to A mid-flow loses no request; the agent reconnects to B and sees each request once', { timeout: 90_000 }, async () => {
    const agent = await makeAgent(a.db, { handle: 'drain-agent', capability: 90, passwordHash: await hashPassword('right-password') });
    // 37 open requests for one agent: above the default limit (20), which would hold the rest as busy.
    await a.db.agent.update({ where: { id: agent.id }, data: { maxOpenRequests: 100 } });
    const login = await createClient(balancer.url).post('/api/agent/login', { email: 'drain-agent@test.local', password: 'right-password' });
    expect(login.status).toBe(200);
    // The real client's default transports: long-polling first, then the upgrade (sticky via the balancer).
    const agentConsole = startAgentConsole({ base: () => balancer.url, token: login.json.token });
    await eventually(async () => agentConsole.stats.reloads >= 1);

    const customers = await Promise.all(
      [1, 2, 3].map(async (n) => {
        const c = createClient(balancer.url);
        expect((await c.post('/api/customers', { name: `Drain ${n}`, email: `drain${n}@example.com` })).status).toBe(201);
        const m = await c.post('/api/matches');
        expect((await c.post(`/api/matches/${m.json.matchId}/choose`)).status).toBe(201);
        return c;
      }),
    );

    // Each customer sends 12 requests one after another; A gets SIGTERM after the 10th is stored.
    const created = new Map<string, string>(); // key → id
    const networkRetries: string[] = [];
    const send = async (c: ReturnType<typeof createClient>, key: string, message: string) => {
      for (let attempt = 0; attempt < 5; attempt++) {
        let res;
        try {
          res = await c.post('/api/service-requests', { message }, { 'Idempotency-Key': key });
        } catch {
          networkRetries.push(key); // no answer (connection cut): the outbox retries with the same key
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        // Any HTTP answer other than success fails the test: nothing is swallowed.
        expect([200, 201], `${key}: ${JSON.stringify(res.json)}`).toContain(res.status);
        created.set(key, res.json.request.id);
        return;
      }
      throw new Error(`${key}: no answer after 5 attempts`);
    };
    const flows = customers.map(async (c, ci) => {
      for (let i = 0; i < 12; i++) {
        await send(c, `drain-${ci}-${i}`, `request ${ci}/${i}`);
        await new Promise((r) => setTimeout(r, 40));
      }
    });
    await eventually(async () => created.size >= 10, 20_000, 5);
    // One request is surely in flight on A at the SIGTERM: its body is still arriving.
    const body = JSON.stringify({ message: 'in flight at SIGTERM' });
    const slow = http.request(`${balancer.url}/api/service-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), cookie: customers[0]!.cookieHeader(), 'Idempotency-Key': 'drain-in-flight' },
    });
    const slowAnswer = new Promise<{ status: number; json: any }>((resolve, reject) => {
      slow.on('response', (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
      });
      slow.on('error', reject);
    });
    slow.write(body.slice(0, 10));
    await new Promise((r) => setTimeout(r, 300)); // the headers reach A; its handler is waiting for the rest
    const exitCode = a.terminate();
    await eventually(async () => logLines(a).some((l) => l.msg === 'shutting down'));
    slow.end(body.slice(10));
    const answered = await slowAnswer;
    expect(answered.status).toBe(201);
    created.set('drain-in-flight', answered.json.request.id);
    await Promise.all(flows);
    expect(await exitCode).toBe(0);
    expect(logLines(a).some((l) => l.msg === 'shut down cleanly')).toBe(true);

    // Everything accepted is stored once and reaches the agent through B.
    expect(created.size).toBe(37);
    const ids = [...created.values()];
    expect(new Set(ids).size).toBe(37);
    expect(await b.db.serviceRequest.count()).toBe(37);
    await eventually(async () => (await b.db.serviceRequest.count({ where: { status: 'acknowledged' } })) === 37, 30_000);
    expect(agentConsole.stats.connects).toBeGreaterThanOrEqual(2);
    expect(balancer.routed.at(-1)).toBe(b.port);
    for (const id of ids) expect(agentConsole.shown.get(id), id).toBe(1);
    expect(agentConsole.onScreen().filter((id) => ids.includes(id))).toHaveLength(37);
    // B took over the sweeper (A released its leadership, or never had it).
    const bTicks = logLines(b).filter((l) => l.msg === 'leadership acquired');
    const aTicks = logLines(a).filter((l) => l.msg === 'leadership acquired');
    expect(bTicks.length + aTicks.length).toBeGreaterThanOrEqual(1);
    expect(bTicks.length).toBe(1);
    const atSigterm = logLines(a).find((l) => l.msg === 'shutting down');
    expect(Number(atSigterm?.inFlight)).toBeGreaterThanOrEqual(1);
    console.info(
      `shutdown test: ${atSigterm?.inFlight} request(s) in flight on A at SIGTERM; ${networkRetries.length} POST(s) lost their connection and were retried; ` +
        `${agentConsole.stats.arrivals} alert deliveries for 37 requests; ${agentConsole.stats.connects} console connects`,
    );
    agentConsole.close();
  });
});
