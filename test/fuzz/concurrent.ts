// The fuzz run's concurrent mode (issue 26): the same mutation sent N times at once — a double tap, a
// retry racing its first try, two tabs — spread over the instances (two on PostgreSQL, each with its own
// pool). Never a 5xx, and after every case the store still adds up where it can be checked: an agent's
// place counter and its active bindings, one active binding per customer, rating and gift totals and
// their rows, one booked call per slot, one request per Idempotency-Key, one way in per handoff code.
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { hashPassword } from '../../lib/credentials/password.ts';
import { makeAgent } from '../helpers/db.ts';
import { createAdmin } from '../../lib/admin/admins.ts';
import type { RunningServer } from '../helpers/server.ts';
import { httpCase, send, type Caller, type HttpCase } from './targets.ts';
import { FUZZ_SERVER_ENV } from './run-fuzz.ts';

/** What the shop's server signs for its user (HS256 with the fuzz server's identity secret). */
const shopToken = (sub: string) => {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(iat).setExpirationTime(iat + 300).sign(new TextEncoder().encode(FUZZ_SERVER_ENV.IDENTITY_SECRET));
};

type Answer = { status: number; json: any };
type Call = { method: string; path: string; body?: unknown; caller: Caller; headers?: Record<string, string> };

const call = async (base: string, c: Call): Promise<Answer> => {
  const headers: Record<string, string> = { ...(c.headers ?? {}) };
  if (c.body !== undefined) headers['content-type'] = 'application/json';
  if (c.caller.cookie) headers.cookie = c.caller.cookie;
  if (c.caller.token) headers.authorization = `Bearer ${c.caller.token}`;
  const res = await fetch(base + c.path, { method: c.method, headers, body: c.body === undefined ? undefined : JSON.stringify(c.body) });
  return { status: res.status, json: await res.json().catch(() => null) };
};

/** A browser: its cookie jar as one header (enough for the customer session, which is all it holds). */
const browser = () => {
  const jar = new Map<string, string>();
  const caller = (): Caller => ({ cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') });
  const ask = async (base: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
    const res = await fetch(base + path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(jar.size ? { cookie: caller().cookie! } : {}), ...(headers ?? {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return { status: res.status, json: (await res.json().catch(() => null)) as any };
  };
  return { caller, ask };
};

type Ctx = { bases: string[]; db: RunningServer['db']; agentToken: string; adminCookie: string; n: number };
/** One kind of mutation: builds its own fresh state, names the call to repeat and what must hold after. */
type Mutation = {
  name: string;
  prepare: (ctx: Ctx, k: number) => Promise<{ call: Call; accept: number[]; check?: (answers: Answer[]) => Promise<void> }>;
};

const must = (ok: unknown, what: string) => {
  if (!ok) throw new Error(what);
};

/** A new customer with contact details, bound to whichever agent the search shows first. */
const boundCustomer = async (ctx: Ctx, k: number, skips = 0) => {
  const b = browser();
  const base = ctx.bases[0]!;
  must((await b.ask(base, 'POST', '/api/customers', { name: `Twin ${k}`, email: `twin${k}-${Date.now()}@example.com` })).status === 201, 'customer not created');
  let m = await b.ask(base, 'POST', '/api/matches');
  for (let i = 0; i < skips; i++) m = await b.ask(base, 'POST', `/api/matches/${m.json?.matchId}/skip`);
  must((await b.ask(base, 'POST', `/api/matches/${m.json?.matchId}/choose`)).status === 201, `choose answered otherwise (${JSON.stringify(m.json)})`);
  const id = (await b.ask(base, 'GET', '/api/customers/me')).json.customer.id as string;
  return { ...b, base, id };
};
const openRequest = async (ctx: Ctx, c: Awaited<ReturnType<typeof boundCustomer>>, k: number) => {
  const r = await c.ask(c.base, 'POST', '/api/service-requests', { message: `twin request ${k}` }, { 'Idempotency-Key': `twin-setup-${k}-${Date.now()}` });
  must(r.status === 201, `request answered ${r.status}`);
  return r.json.request.id as string;
};

export const MUTATIONS: Mutation[] = [
  {
    name: 'choose',
    prepare: async (ctx, k) => {
      const b = browser();
      await b.ask(ctx.bases[0]!, 'POST', '/api/customers', { name: `Chooser ${k}`, email: `chooser${k}@example.com` });
      const m = await b.ask(ctx.bases[0]!, 'POST', '/api/matches');
      const me = (await b.ask(ctx.bases[0]!, 'GET', '/api/customers/me')).json.customer.id as string;
      return {
        call: { method: 'POST', path: `/api/matches/${m.json?.matchId}/choose`, caller: b.caller() },
        accept: [200, 201, 409],
        check: async (answers) => {
          must(answers.filter((r) => r.status === 201).length <= 1, 'two choices made a binding each');
          must((await ctx.db.binding.count({ where: { customerId: me, endedAt: null } })) <= 1, 'two active bindings');
        },
      };
    },
  },
  {
    name: 'skip',
    prepare: async (ctx, k) => {
      const b = browser();
      await b.ask(ctx.bases[0]!, 'POST', '/api/customers', { name: `Skipper ${k}`, email: `skipper${k}@example.com` });
      const m = await b.ask(ctx.bases[0]!, 'POST', '/api/matches');
      return { call: { method: 'POST', path: `/api/matches/${m.json?.matchId}/skip`, caller: b.caller() }, accept: [200, 409] };
    },
  },
  {
    name: 'service request with one Idempotency-Key',
    prepare: async (ctx, k) => {
      const c = await boundCustomer(ctx, k);
      const key = `twin-key-${k}-${Date.now()}`;
      return {
        call: { method: 'POST', path: '/api/service-requests', body: { message: 'the same, six times' }, caller: c.caller(), headers: { 'Idempotency-Key': key } },
        accept: [200, 201],
        check: async (answers) => {
          must(answers.filter((r) => r.status === 201).length === 1, 'not exactly one 201');
          must(new Set(answers.map((r) => r.json?.request?.id)).size === 1, 'answers name different requests');
          must((await ctx.db.serviceRequest.count({ where: { customerId: c.id, idempotencyKey: key } })) === 1, 'not one stored request');
        },
      };
    },
  },
  {
    name: 'message with one Idempotency-Key',
    prepare: async (ctx, k) => {
      const c = await boundCustomer(ctx, k);
      const id = await openRequest(ctx, c, k);
      const key = `twin-msg-${k}-${Date.now()}`;
      return {
        call: { method: 'POST', path: `/api/service-requests/${id}/messages`, body: { body: 'one more thing' }, caller: c.caller(), headers: { 'Idempotency-Key': key } },
        accept: [200, 201],
        check: async () => must((await ctx.db.requestMessage.count({ where: { requestId: id, idempotencyKey: key } })) === 1, 'not one stored message'),
      };
    },
  },
  {
    name: 'read mark',
    prepare: async (ctx, k) => {
      const c = await boundCustomer(ctx, k);
      const id = await openRequest(ctx, c, k);
      return { call: { method: 'POST', path: `/api/service-requests/${id}/read`, body: { readUpTo: new Date().toISOString() }, caller: c.caller() }, accept: [200] };
    },
  },
  {
    // Odd cases: the first rating, tapped six times; even ones: a change within 24 h, sent six times.
    name: 'rating',
    prepare: async (ctx, k) => {
      const c = await boundCustomer(ctx, k);
      const id = await openRequest(ctx, c, k);
      await ctx.db.serviceRequest.update({ where: { id }, data: { status: 'resolved', acknowledgedAt: new Date(), resolvedAt: new Date() } });
      if (k % 2 === 0) must((await c.ask(c.base, 'POST', `/api/service-requests/${id}/rating`, { stars: 1 })).status === 201, 'first rating refused');
      return { call: { method: 'POST', path: `/api/service-requests/${id}/rating`, body: { stars: 2 + (k % 4) }, caller: c.caller() }, accept: k % 2 ? [200, 201, 409] : [200] };
    },
  },
  {
    // A browser bound to one agent becomes a known person bound to another: the merge, six times at once.
    name: 'identified as a known person',
    prepare: async (ctx, k) => {
      const sub = `twin-person-${k}-${Date.now()}`;
      const person = await boundCustomer(ctx, k);
      must((await person.ask(person.base, 'POST', '/api/customers/identify', { token: await shopToken(sub) })).status === 201, 'person not identified');
      const here = await boundCustomer(ctx, k + 1000, 1);
      await openRequest(ctx, here, k);
      return {
        call: { method: 'POST', path: '/api/customers/identify', body: { token: await shopToken(sub) }, caller: here.caller() },
        accept: [200],
        check: async () => must((await ctx.db.customer.findUnique({ where: { id: here.id } })) === null, 'the browser customer is still there'),
      };
    },
  },
  {
    name: 'gift',
    prepare: async (ctx, k) => {
      const c = await boundCustomer(ctx, k);
      // The daily limit answers 409 (or 429 from the throttle): allowed; the totals must still add up.
      return { call: { method: 'POST', path: '/api/me/agent/gifts', body: { giftId: 'flower' }, caller: c.caller() }, accept: [201, 409, 429] };
    },
  },
  {
    name: 'callback booking',
    prepare: async (ctx, k) => {
      const c = await boundCustomer(ctx, k);
      const slots = (await c.ask(c.base, 'GET', '/api/callbacks/slots')).json?.slots as string[];
      return {
        call: { method: 'POST', path: '/api/callbacks', body: { at: slots[k % slots.length], phone: '+86 138 0013 8000' }, caller: c.caller() },
        accept: [201, 409],
        check: async (answers) => must(answers.filter((r) => r.status === 201).length === 1, 'not exactly one booking'),
      };
    },
  },
  {
    name: 'callback cancel',
    prepare: async (ctx, k) => {
      const c = await boundCustomer(ctx, k);
      const slots = (await c.ask(c.base, 'GET', '/api/callbacks/slots')).json?.slots as string[];
      const booked = await c.ask(c.base, 'POST', '/api/callbacks', { at: slots[(k + 3) % slots.length], phone: '+86 138 0013 8000' });
      return { call: { method: 'POST', path: `/api/callbacks/${booked.json?.callback?.id}/cancel`, caller: c.caller() }, accept: [200, 404, 409] };
    },
  },
  {
    name: 'handoff code redeemed',
    prepare: async (ctx, k) => {
      const owner = await boundCustomer(ctx, k);
      const code = (await owner.ask(owner.base, 'POST', '/api/customers/me/handoff')).json?.code;
      const phone = browser();
      await phone.ask(ctx.bases[0]!, 'POST', '/api/customers', { name: `Phone ${k}`, email: `phone${k}@example.com` });
      return {
        call: { method: 'POST', path: '/api/customers/handoff', body: { code }, caller: phone.caller() },
        accept: [200, 400],
        check: async (answers) => must(answers.filter((r) => r.status === 200).length === 1, 'not exactly one way in'),
      };
    },
  },
  {
    name: 'erasure',
    prepare: async (ctx, k) => {
      const c = await boundCustomer(ctx, k);
      await openRequest(ctx, c, k);
      // The first erases; the others find their session gone (401) or erase again (idempotent).
      return { call: { method: 'DELETE', path: '/api/customers/me', caller: c.caller() }, accept: [200, 204, 401, 404] };
    },
  },
  {
    name: 'contact details again',
    prepare: async (ctx, k) => {
      const c = await boundCustomer(ctx, k);
      return { call: { method: 'POST', path: '/api/customers', body: { name: `Twin ${k} again`, phone: '+86 138 0013 8000' }, caller: c.caller() }, accept: [200, 201] };
    },
  },
  {
    // One browser's subscription saved six times at once (one row per endpoint).
    name: 'push subscription',
    prepare: async (ctx, k) => {
      const c = await boundCustomer(ctx, k);
      const endpoint = `https://push.example/send/twin-${k}-${Date.now()}`;
      return {
        call: { method: 'POST', path: '/api/push/subscriptions', body: { endpoint, keys: { p256dh: 'BAAAAAAAAAAAAAAAAAAAAAAAAAAA', auth: 'AAAAAAAAAAAAAAAA' } }, caller: c.caller() },
        accept: [201],
        check: async () => must((await ctx.db.pushSubscription.count({ where: { endpoint } })) === 1, 'not one subscription row'),
      };
    },
  },
  {
    name: "agent's status",
    prepare: async (ctx, k) => ({
      call: { method: 'PUT', path: '/api/agent/status', body: { status: k % 2 ? 'away' : 'online' }, caller: { token: ctx.agentToken } },
      // 401 once a hostile case signed the agent out (logout ends every session).
      accept: [200, 401],
    }),
  },
  // Issue 28: the same admin edit, or deactivation, six times at once is one change with one audit entry
  // (each runs under the agent's row lock and writes only what differs from what it reads there).
  {
    name: 'admin edits an agent',
    prepare: async (ctx, k) => {
      const a = await makeAgent(ctx.db, { capability: 1, handle: `edited-${k}-${Date.now()}`, status: 'offline', connected: false });
      return {
        call: { method: 'PATCH', path: `/api/admin/agents/${a.id}`, body: { capacity: 50 + k, skills: ['billing'] }, caller: { cookie: ctx.adminCookie } },
        accept: [200, 401],
        check: async (answers) => {
          if (!answers.some((x) => x.status === 200)) return;
          must((await ctx.db.auditEntry.count({ where: { targetId: a.id, action: 'agent.update' } })) === 1, 'not one audit entry for one edit');
        },
      };
    },
  },
  {
    name: 'admin deactivates an agent',
    prepare: async (ctx, k) => {
      const a = await makeAgent(ctx.db, { capability: 1, handle: `leaving-${k}-${Date.now()}`, status: 'offline', connected: false });
      return {
        call: { method: 'POST', path: `/api/admin/agents/${a.id}/deactivate`, caller: { cookie: ctx.adminCookie } },
        accept: [200, 401],
        check: async (answers) => {
          if (!answers.some((x) => x.status === 200)) return;
          must((await ctx.db.auditEntry.count({ where: { targetId: a.id, action: 'agent.deactivate' } })) === 1, 'not one audit entry for one deactivation');
        },
      };
    },
  },
  {
    name: 'job run',
    prepare: async (ctx) => ({ call: { method: 'POST', path: '/api/admin/jobs/capability/run', caller: { cookie: ctx.adminCookie } }, accept: [200, 401, 409] }),
  },
];

/** What must hold in the whole store after every case, whatever the mutation was. */
export const checkStore = async (db: RunningServer['db']) => {
  const agents = await db.agent.findMany({
    select: { handle: true, capacity: true, activeBindings: true, ratingCount: true, ratingSum: true, giftCount: true, giftPoints: true, _count: { select: { bindings: { where: { endedAt: null } } } } },
  });
  const ratings = await db.rating.groupBy({ by: ['agentId'], _count: { _all: true }, _sum: { stars: true } });
  const gifts = await db.giftSent.groupBy({ by: ['agentId'], _count: { _all: true }, _sum: { points: true } });
  const ids = await db.agent.findMany({ select: { id: true, handle: true } });
  const handleOf = new Map(ids.map((x) => [x.id, x.handle]));
  const problems: string[] = [];
  for (const a of agents) {
    if (a.activeBindings !== a._count.bindings) problems.push(`${a.handle}: activeBindings ${a.activeBindings}, active bindings ${a._count.bindings}`);
    if (a.activeBindings > a.capacity) problems.push(`${a.handle}: ${a.activeBindings} bound, capacity ${a.capacity}`);
  }
  const byHandle = new Map(agents.map((a) => [a.handle, a]));
  for (const r of ratings) {
    const a = byHandle.get(handleOf.get(r.agentId)!)!;
    if (a.ratingCount !== r._count._all || a.ratingSum !== (r._sum.stars ?? 0)) problems.push(`${a.handle}: rating totals ${a.ratingCount}/${a.ratingSum}, rows ${r._count._all}/${r._sum.stars}`);
  }
  for (const g of gifts) {
    const a = byHandle.get(handleOf.get(g.agentId)!)!;
    if (a.giftCount !== g._count._all || a.giftPoints !== (g._sum.points ?? 0)) problems.push(`${a.handle}: gift totals ${a.giftCount}/${a.giftPoints}, rows ${g._count._all}/${g._sum.points}`);
  }
  const twoActive = await db.binding.groupBy({ by: ['customerId'], where: { endedAt: null }, _count: { _all: true }, having: { customerId: { _count: { gt: 1 } } } });
  if (twoActive.length) problems.push(`${twoActive.length} customers with two active bindings`);
  const doubleBooked = await db.callback.groupBy({ by: ['agentId', 'at'], where: { status: 'booked' }, _count: { _all: true }, having: { agentId: { _count: { gt: 1 } } } });
  if (doubleBooked.length) problems.push(`${doubleBooked.length} slots booked twice`);
  if (problems.length) throw new Error(`the store does not add up:\n${problems.join('\n')}`);
};

/**
 * Concurrent mode: `runs` cases, each one mutation (a well-formed one from MUTATIONS, or now and then a
 * hostile case from the ordinary generator) sent `copies` times at once, the copies spread over the
 * servers. Throws on the first 5xx, unexpected answer or store that does not add up.
 */
export const runConcurrentFuzz = async (servers: RunningServer[], opts: { runs: number; copies: number; seed?: number }) => {
  const db = servers[0]!.db;
  const bases = servers.map((s) => s.url);
  const hash = await hashPassword('right-password');
  // Agents with room: the searches show them first, and a place is rarely the reason for a 409 here.
  // cz3 is the signed-in agent whose status the cases toggle; cz1 and cz2 stay online.
  for (const handle of ['cz1', 'cz2', 'cz3']) {
    const a = await makeAgent(db, { capability: 99, handle, passwordHash: hash });
    await db.agent.update({ where: { id: a.id }, data: { capacity: 10_000 } });
  }
  const login = await call(bases[0]!, { method: 'POST', path: '/api/agent/login', body: { email: 'cz3@test.local', password: 'right-password' }, caller: {} });
  await createAdmin({ db, input: { email: 'twin-admin@example.com', name: 'Twin', password: 'a-long-admin-password' } });
  const admin = browser();
  await admin.ask(bases[0]!, 'POST', '/api/admin/login', { email: 'twin-admin@example.com', password: 'a-long-admin-password' });
  const ctx: Ctx = { bases, db, agentToken: login.json.token, adminCookie: admin.caller().cookie!, n: opts.copies };
  const ids = ['capability', 'x'];
  let k = 0;
  const ran: Record<string, number> = {};

  const fire = async (c: Call | HttpCase, copies: number) =>
    Promise.all(
      Array.from({ length: copies }, async (_, i) => {
        const base = bases[i % bases.length]!;
        if ('contentType' in c) {
          try {
            const r = await send(base, c);
            return { status: r.status, json: r.body.slice(0, 300) };
          } catch (err) {
            const code = (err as NodeJS.ErrnoException).code;
            if (code === 'ECONNRESET' || code === 'EPIPE') return { status: 413, json: null };
            throw err;
          }
        }
        return call(base, c);
      }),
    );

  const seed = opts.seed ?? Date.now();
  const wellFormed = fc.record({ kind: fc.constant('mutation' as const), m: fc.constantFrom(...MUTATIONS) });
  const hostile = fc.record({ kind: fc.constant('hostile' as const), c: httpCase({ ids, callers: [{}, { token: ctx.agentToken }, { cookie: ctx.adminCookie }] }) });
  await fc.assert(
    fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: wellFormed }, { weight: 1, arbitrary: hostile }), async (picked) => {
      if (picked.kind === 'hostile') {
        const answers = await fire(picked.c, opts.copies);
        const bad = answers.find((r) => r.status >= 500);
        if (bad) throw new Error(`${picked.c.method} ${picked.c.path} ×${opts.copies} → ${bad.status}: ${JSON.stringify(bad.json)}`);
      } else {
        const { call: c, accept, check } = await picked.m.prepare(ctx, ++k);
        ran[picked.m.name] = (ran[picked.m.name] ?? 0) + 1;
        const answers = await fire(c, opts.copies);
        const bad = answers.find((r) => r.status >= 500 || !accept.includes(r.status));
        if (bad) throw new Error(`${picked.m.name}: ${c.method} ${c.path} ×${opts.copies} → ${answers.map((r) => r.status).join(', ')}: ${JSON.stringify(bad.json)}`);
        await check?.(answers);
      }
      await checkStore(db);
    }),
    { numRuns: opts.runs, seed, endOnFailure: true },
  );
  return { seed, ran };
};
