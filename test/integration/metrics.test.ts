// Issue 29, part 3: GET /metrics — Prometheus text of one instance, behind a bearer token or on a port of its own.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connected, createClient, eventually, freePort, printLogsOnFailure, startServer, type RunningServer } from '../helpers/server.ts';
import { scenario } from '../helpers/scenario.ts';
import { AVAILABLE_WHERE } from '../../lib/agents/availability.ts';
import { createAdmin } from '../../lib/admin/admins.ts';

const TOKEN = 'metrics-test-token-0123456789';

/** The samples of a Prometheus text exposition: `name{a="b",…} value` lines. */
const parse = (text: string) =>
  text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const m = l.match(/^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/);
      if (!m) throw new Error(`not a sample: ${l}`);
      const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
      return { name: m[1]!, labels: labels as Record<string, string>, value: Number(m[3]) };
    });
type Samples = ReturnType<typeof parse>;

/** The value of one series (0 when it is not there yet: a counter appears on its first count). */
const value = (samples: Samples, name: string, labels: Record<string, string> = {}) =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value ?? 0;

const scrapeAt = async (url: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) => {
  const res = await fetch(`${url}/metrics`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
};

describe('GET /metrics with METRICS_TOKEN', () => {
  let server: RunningServer;
  afterEach(printLogsOnFailure(() => server));
  const play = scenario(() => server);
  const scrape = async () => {
    const r = await scrapeAt(server.url);
    expect(r.status).toBe(200);
    return parse(r.text);
  };

  beforeAll(async () => {
    // Throttles at 1 and a customer's requests limit of 5 a minute: the sixth is a 429 we can count.
    server = await startServer({ env: { METRICS_TOKEN: TOKEN, RATE_LIMIT_MULTIPLIER: '1', RATE_LIMIT_REQUESTS_SESSION: '5' } });
    await play.agent('top', 95);
    await play.agent('quiet', 80);
    await play.agent('gone', 70, 'offline');
  });
  afterAll(async () => {
    play.closeAll();
    await server?.stop();
  });

  it('answers 401 without the token, with a wrong one, or with another scheme; 200 in Prometheus text with it', async () => {
    expect((await scrapeAt(server.url, {})).status).toBe(401);
    expect((await scrapeAt(server.url, { authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
    expect((await scrapeAt(server.url, { authorization: `Basic ${TOKEN}` })).status).toBe(401);
    const ok = await scrapeAt(server.url);
    expect(ok.status).toBe(200);
    expect(ok.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(ok.text).toContain('# TYPE http_requests_total counter');
    expect(ok.text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('a known sequence moves the counters and the latency histogram by exactly what happened; gauges match the state', async () => {
    const top = await play.online('top');
    play.recordAlerts(top.tab); // confirms each alert, as the console does
    const quiet = await play.online('quiet');
    play.recordAlerts(quiet.tab, false); // a console that never confirms: its alert stays pending
    const alice = await play.customerOf('Alice', 'top');
    const bob = await play.customerOf('Bob', 'quiet');
    const carol = await play.customerOf('Carol', 'gone'); // offline agent: her request is held
    const aliceTab = play.socket({ cookie: alice.client.cookieHeader() });
    const visitor = play.socket({ visitor: true });
    await Promise.all([connected(aliceTab), connected(visitor)]);

    const before = await scrape();
    const N = 5;
    for (let i = 0; i < N; i++) expect((await alice.send(`help ${i}`)).status).toBe(201);
    expect((await alice.send('one too many')).status).toBe(429); // requests_session: 5 a minute
    for (let i = 0; i < 3; i++) expect((await alice.client.get(`/api/no-such-thing/${i}`)).status).toBe(404);
    expect((await bob.send('hello?')).status).toBe(201);
    const held = await carol.send('when you are back');
    expect(held.status).toBe(201);
    expect(held.json.routing).toMatchObject({ decision: 'held', reason: 'agent_offline' });

    // The latency is observed when the server has written the confirmation: wait for the five.
    const confirmed = (s: Samples) => value(s, 'alert_confirmation_seconds_count') - value(before, 'alert_confirmation_seconds_count');
    const after = await eventually(async () => {
      const s = await scrape();
      return confirmed(s) >= N && s;
    });
    const moved = (name: string, labels: Record<string, string> = {}) => value(after, name, labels) - value(before, name, labels);

    expect(confirmed(after)).toBe(N);
    expect(moved('alert_confirmation_seconds_bucket', { le: '10' })).toBe(N);
    expect(moved('alert_confirmation_seconds_sum')).toBeGreaterThan(0);
    expect(moved('http_requests_total', { route: '/api/service-requests', method: 'POST', status: '201' })).toBe(N + 2);
    expect(moved('http_requests_total', { route: '/api/service-requests', method: 'POST', status: '429' })).toBe(1);
    expect(moved('http_requests_total', { route: 'other', method: 'GET', status: '404' })).toBe(3);
    expect(moved('http_refusals_total', { status: '429', reason: 'requests_session' })).toBe(1);
    // No raw path becomes a label.
    expect(after.some((s) => s.labels.route?.includes('no-such-thing'))).toBe(false);

    // Gauges: the database's state and this instance's sockets, read at the scrape.
    const db = server.db;
    expect(value(after, 'service_requests_open', { status: 'delivered' })).toBe(await db.serviceRequest.count({ where: { status: 'delivered' } }));
    expect(value(after, 'service_requests_open', { status: 'delivered' })).toBe(N);
    expect(value(after, 'service_requests_open', { status: 'pending' })).toBe(2); // Bob's (unconfirmed) and Carol's (held)
    expect(value(after, 'service_requests_held', { reason: 'agent_offline' })).toBe(1);
    expect(value(after, 'service_requests_held', { reason: 'agent_away' })).toBe(0);
    expect(value(after, 'service_requests_held_oldest_seconds')).toBeGreaterThan(0);
    expect(value(after, 'alerts_pending')).toBe(1);
    expect(value(after, 'alerts_pending_oldest_seconds')).toBeGreaterThan(0);
    expect(value(after, 'agents_available')).toBe(await db.agent.count({ where: AVAILABLE_WHERE }));
    expect(value(after, 'agents_available')).toBe(2);
    expect(value(after, 'socketio_connected_sockets', { kind: 'agent' })).toBe(2);
    expect(value(after, 'socketio_connected_sockets', { kind: 'customer' })).toBe(1);
    expect(value(after, 'socketio_connected_sockets', { kind: 'visitor' })).toBe(1);
    expect(value(after, 'socketio_connected_sockets', { kind: 'demo' })).toBe(0);

    // Every series is this instance's.
    const instances = new Set(after.map((s) => s.labels.instance));
    expect(instances.size).toBe(1);
    expect([...instances][0]).toMatch(/.+-[0-9a-f]{6}$/);

    // Bob's alert, never confirmed, is sent again by the sweeper (after 5 s): counted as redelivered.
    const redelivered = await eventually(async () => {
      const s = await scrape();
      return value(s, 'alerts_redelivered_total', { why: 'sweep' }) - value(before, 'alerts_redelivered_total', { why: 'sweep' }) >= 1 && s;
    }, 15_000, 500);
    expect(value(redelivered, 'alerts_pending')).toBe(1);
    expect(value(redelivered, 'alert_confirmation_seconds_count') - value(before, 'alert_confirmation_seconds_count')).toBe(N);

    // Another console of the same agent opens: what it has not confirmed is sent to it at once, counted once.
    const reconnects = value(await scrape(), 'alerts_redelivered_total', { why: 'reconnect' });
    const second = play.socket({ token: quiet.token });
    await connected(second);
    await eventually(async () => value(await scrape(), 'alerts_redelivered_total', { why: 'reconnect' }) - reconnects >= 1);
    expect(value(await scrape(), 'alerts_redelivered_total', { why: 'reconnect' }) - reconnects).toBe(1);
  });
});

describe('GET /metrics with METRICS_PORT', () => {
  let server: RunningServer;
  let metricsPort: number;
  afterEach(printLogsOnFailure(() => server));
  beforeAll(async () => {
    metricsPort = await freePort();
    // One call in the instance at a time: a burst is refused by admission (503 full), which never reaches Next.
    server = await startServer({
      env: {
        METRICS_PORT: String(metricsPort),
        MAX_IN_FLIGHT: '1',
        API_CONCURRENCY_PER_IP: '1000',
        // a webhook receiver on this machine, retried quickly
        WEBHOOKS_ALLOW_HTTP: '1',
        WEBHOOKS_ALLOW_PRIVATE: '1',
        SWEEP_INTERVAL_MS: '200',
        WEBHOOK_RETRY_BASE_MS: '300',
      },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await new Promise((r) => receiver?.close(r));
  });
  let receiver: http.Server | undefined;

  it('is served on the metrics port only (no token asked there), and 404 on the main port', async () => {
    expect((await scrapeAt(server.url, {})).status).toBe(404);
    const there = await scrapeAt(`http://127.0.0.1:${metricsPort}`, {});
    expect(there.status).toBe(200);
    expect(value(parse(there.text), 'agents_available')).toBe(0);
    // The main port's 404 for /metrics is itself counted.
    expect(value(parse((await scrapeAt(`http://127.0.0.1:${metricsPort}`, {})).text), 'http_requests_total', { route: '/metrics', status: '404' })).toBe(1);
    // Nothing else is served on the metrics port.
    expect((await createClient(`http://127.0.0.1:${metricsPort}`).get('/api/health')).status).toBe(404);
  });

  it('webhook deliveries are counted by outcome: a 500 is a retry, then the 200 delivered', async () => {
    const answers = [500];
    receiver = http.createServer((req, res) => {
      req.resume().on('end', () => res.writeHead(answers.shift() ?? 200).end());
    });
    await new Promise<void>((r) => receiver!.listen(0, '127.0.0.1', r));
    await createAdmin({ db: server.db, input: { email: 'ops@example.com', name: 'Ops', password: 'a-long-admin-password' } });
    const admin = createClient(server.url);
    expect((await admin.post('/api/admin/login', { email: 'ops@example.com', password: 'a-long-admin-password' })).status).toBe(200);
    const made = await admin.post('/api/admin/webhooks', { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`, events: ['request.created'] });
    expect(made.status).toBe(201);
    const scrape = async () => parse((await scrapeAt(`http://127.0.0.1:${metricsPort}`, {})).text);
    expect((await admin.post(`/api/admin/webhooks/${made.json.webhook.id}/test`)).status).toBe(202);
    const after = await eventually(async () => {
      const s = await scrape();
      return value(s, 'webhook_deliveries_total', { outcome: 'delivered' }) === 1 && s;
    });
    expect(value(after, 'webhook_deliveries_total', { outcome: 'retry' })).toBe(1);
    expect(value(after, 'webhook_deliveries_total', { outcome: 'failed' })).toBe(0);
  });

  it("admission's 503s are counted by reason and by route, exactly as many as were answered", async () => {
    const scrape = async () => parse((await scrapeAt(`http://127.0.0.1:${metricsPort}`, {})).text);
    const before = await scrape();
    let refused = 0;
    let answered = 0;
    for (let round = 0; round < 5 && refused === 0; round++) {
      const statuses = await Promise.all(Array.from({ length: 40 }, () => fetch(`${server.url}/api/agent/me`).then((r) => r.status)));
      refused += statuses.filter((s) => s === 503).length;
      answered += statuses.length;
    }
    expect(refused).toBeGreaterThan(0);
    const after = await scrape();
    const moved = (name: string, labels: Record<string, string>) => value(after, name, labels) - value(before, name, labels);
    expect(moved('http_refusals_total', { status: '503', reason: 'full' })).toBe(refused);
    expect(moved('http_requests_total', { route: '/api/agent/me', method: 'GET', status: '503' })).toBe(refused);
    expect(moved('http_requests_total', { route: '/api/agent/me', method: 'GET', status: '401' })).toBe(answered - refused);
  });
});

describe('GET /metrics with neither METRICS_TOKEN nor METRICS_PORT', () => {
  let server: RunningServer;
  afterEach(printLogsOnFailure(() => server));
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('is off: 404, with or without a token', async () => {
    expect((await scrapeAt(server.url, {})).status).toBe(404);
    expect((await scrapeAt(server.url)).status).toBe(404);
  });
});
