import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, eventually, printLogsOnFailure, startServer, type RunningServer } from '../helpers/server.ts';

// Issue 27: refuse what cannot be served in time, absorb what can. An idle instance serves a burst it can
// work through within the wait budget (ADMISSION_WAIT_BUDGET_MS); what would wait longer is refused at
// once with 503 + Retry-After and never stored; a scheduled job makes the instance refuse nothing.
let server: RunningServer | undefined;
afterEach(printLogsOnFailure(() => server));
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/**
 * Production's admission: the helper turns the event-loop rule off for tests; here it is on at its
 * default (the wait budget, 1 s). All calls come from 127.0.0.1: the per-address throttles are raised
 * out of the way (they have their own tests). A short warm-up window, waited out below.
 */
const production = { MAX_EVENT_LOOP_DELAY_MS: '1000', WARMUP_MS: '500', RATE_LIMIT_MULTIPLIER: '1000', API_CONCURRENCY_PER_IP: '1000' };

type Answer = { status: number; retryAfter: string | null; code?: string; ms: number; cookie: string | null };

const signUp = async (url: string, n: number): Promise<Answer> => {
  const started = performance.now();
  const res = await fetch(`${url}/api/customers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: `Burst ${n}`, email: `burst-${n}@example.com` }),
  });
  const body = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), code: body.error?.code, ms: performance.now() - started, cookie: res.headers.get('set-cookie') };
};

/** `total` sign-ups, `width` in flight at a time (a new one as soon as one is answered). */
const signUps = async (url: string, total: number, width: number) => {
  const answers: Answer[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < total) answers.push(await signUp(url, next++));
    }),
  );
  return answers;
};

/**
 * `ns.length` sign-ups written within a few milliseconds, each on a connection opened beforehand: the server
 * finds them all waiting at once. (Through fetch, opening the connections paced a burst to what the server
 * served as it came: one sign-up costs it about as much as sending one costs this process.)
 */
const signUpsAtOnce = async (url: string, ns: number[]): Promise<Answer[]> => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: ns.length, maxFreeSockets: ns.length });
  const call = (method: string, path: string, body?: string) => {
    const started = performance.now();
    return new Promise<Answer>((resolve, reject) => {
      const req = http.request(`${url}${path}`, { method, agent, headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {} }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          let code: string | undefined;
          try {
            code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
          } catch {}
          const cookie = res.headers['set-cookie']?.join(', ') ?? null;
          resolve({ status: res.statusCode!, retryAfter: (res.headers['retry-after'] as string | undefined) ?? null, code, ms: performance.now() - started, cookie });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  };
  try {
    // Open the connections (the health check is never queued), then send every sign-up in one go.
    await Promise.all(ns.map(() => call('GET', '/api/health')));
    return await Promise.all(ns.map((n) => call('POST', '/api/customers', JSON.stringify({ name: `Burst ${n}`, email: `burst-${n}@example.com` }))));
  } finally {
    agent.destroy();
  }
};

const countBy = (answers: Answer[]) => answers.reduce<Record<number, number>>((m, a) => ((m[a.status] = (m[a.status] ?? 0) + 1), m), {});

/** One call so the route's code is loaded, then the warm-up window waited out: the instance is idle and warm. */
const warm = async (s: RunningServer) => {
  expect((await signUp(s.url, -1)).status).toBe(201);
  await new Promise((r) => setTimeout(r, 600));
};

describe('bursts', () => {
  // One retry, on a fresh server: with the production budget a wave truly waits past 1 s when other test
  // servers take the two cores at that moment (seen once in ~6 runs of the postgres project). The rule
  // this replaced fails it every time (100 × 201), so a retry does not hide a regression.
  it('an idle instance serves 400 sign-ups sent 50 at a time: 400 × 201, each a customer with a working session', { retry: 1, timeout: 120_000 }, async () => {
    await server?.stop(); // a first attempt's server, if the hooks have not stopped it
    server = await startServer({ env: production });
    await warm(server);
    // 8 waves of 50 sent together, each once the last is answered: the 200 ms event-loop rule this
    // replaced answered 100 × 201 and 300 × 503 to exactly this (bench:burst, issue 27).
    const answers: Answer[] = [];
    for (let wave = 0; wave < 8; wave++) answers.push(...(await Promise.all(Array.from({ length: 50 }, (_, i) => signUp(server!.url, wave * 50 + i)))));
    const slowest = Math.max(...answers.map((a) => a.ms));
    expect(countBy(answers), `slowest answer ${slowest.toFixed(0)} ms`).toEqual({ 201: 400 });
    expect(await server.db.customer.count()).toBe(401);
    // A sample of the sessions handed out works.
    for (const a of answers.slice(0, 5)) {
      const me = await fetch(`${server.url}/api/customers/me`, { headers: { cookie: a.cookie!.split(';')[0]! } });
      expect(me.status).toBe(200);
    }
  });

  it('what would wait past the budget is refused at once with 503 + Retry-After and never stored; every 201 is kept', async () => {
    // A tiny budget and two calls at a time: a burst of 120 cannot all be served within 50 ms. MAX_IN_FLIGHT
    // stays at its default (128) and the event-loop rule is off, so every 503 here is the wait rule's.
    server = await startServer({ env: { ...production, MAX_EVENT_LOOP_DELAY_MS: '0', ADMISSION_WAIT_BUDGET_MS: '50', API_CONCURRENCY: '2' } });
    await warm(server);
    const answers = await signUpsAtOnce(server.url, Array.from({ length: 120 }, (_, n) => n));
    const accepted = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 503);
    expect(accepted.length + refused.length).toBe(answers.length);
    expect(refused.length).toBeGreaterThan(0);
    expect(accepted.length).toBeGreaterThan(0);
    for (const r of refused) expect([r.retryAfter, r.code]).toEqual(['1', 'overloaded']);
    // Nothing refused was stored; everything answered 201 was.
    expect(await server.db.customer.count()).toBe(accepted.length + 1);
    // Sustained: the next waves are refused in part as well, while what is accepted is still served.
    for (let wave = 0; wave < 2; wave++) {
      const more = await signUpsAtOnce(server.url, Array.from({ length: 120 }, (_, n) => 1000 * (wave + 1) + n));
      expect(more.filter((a) => a.status === 503).length).toBeGreaterThan(0);
      expect(more.filter((a) => a.status === 201).length).toBeGreaterThan(0);
      expect(more.every((a) => a.status === 201 || a.status === 503)).toBe(true);
      accepted.push(...more.filter((a) => a.status === 201));
    }
    expect(await server.db.customer.count()).toBe(accepted.length + 1);
    // A refused sign-up sent again later is taken.
    expect((await signUp(server.url, 9999)).status).toBe(201);
  }, 120_000);

  it('a scheduled job over many agents refuses no call: capability for 3,000 agents (every 2 s) under a steady stream and a burst', async () => {
    // The agents are written first, with the schedule off, so that every run of the job sees all 3,000 (a run
    // started while they were being written saw a part and could still be running when the calls ended).
    const seeding = await startServer({ env: production });
    const agents = Array.from({ length: 3000 }, (_, i) => ({
      handle: `job-${i}`,
      email: `job-${i}@test.local`,
      name: `Agent ${i}`,
      nameZh: `客服${i}`,
      capability: 50,
      status: 'offline',
    }));
    for (let i = 0; i < agents.length; i += 500) await seeding.db.agent.createMany({ data: agents.slice(i, i + 500) });
    await seeding.stop({ keepDb: true });
    server = await startServer({ dbUrl: seeding.dbUrl, env: { ...production, CAPABILITY_SCHEDULE: '*/2 * * * * *' } });
    await warm(server);
    const client = createClient(server.url);
    // ~7 s of calls, 12 at a time, then a burst of 200 sent 50 at a time: the job runs meanwhile.
    const windowStart = new Date();
    const steady: Answer[] = [];
    const until = Date.now() + 7_000;
    let n = 0;
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        while (Date.now() < until) steady.push(await signUp(server!.url, 100_000 + n++));
      }),
    );
    const burst = await signUps(server.url, 200, 50);
    expect(countBy(steady)).toEqual({ 201: steady.length });
    expect(countBy(burst)).toEqual({ 201: 200 });
    // The job did run during the calls (a run overlapped them: started before their end, not finished
    // before their start), and it finishes, over every agent.
    const windowEnd = new Date();
    const overlapping = await server.db.jobRun.findMany({
      where: { job: 'capability', startedAt: { lte: windowEnd }, OR: [{ finishedAt: null }, { finishedAt: { gte: windowStart } }] },
    });
    expect(overlapping.length).toBeGreaterThanOrEqual(1);
    await eventually(async () => {
      const done = await server!.db.jobRun.findMany({ where: { job: 'capability', status: 'succeeded', id: { in: overlapping.map((r) => r.id) } } });
      return done.some((r) => JSON.parse(r.counts).agents === 3000);
    }, 60_000);
    expect((await client.get('/api/health')).status).toBe(200);
  }, 120_000);
});
