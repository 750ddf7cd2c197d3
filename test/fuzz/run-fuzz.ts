import fc from 'fast-check';
import { hashPassword } from '../../lib/credentials/password.ts';
import { makeAgent } from '../helpers/db.ts';
import { createAdmin } from '../../lib/admin/admins.ts';
import { connectSocket, connected, createClient, type RunningServer } from '../helpers/server.ts';
import { checkHttp, checkSocket, httpCase, socketCase, uploadCase, type Caller } from './targets.ts';
import { smallPng, upload } from '../helpers/uploads.ts';

/**
 * The fuzzed server: throttles raised (not off) so the cases reach validation instead of stopping at
 * 429, and the test-only seeding API on (as on the e2e server, the only place it exists) so its input
 * handling is fuzzed too; without the flag it answers every case 404.
 */
// With a shop's identity secret, so the identify route's checks are fuzzed too (issue 25).
export const FUZZ_SERVER_ENV = { RATE_LIMIT_MULTIPLIER: '10000', TEST_SEED_API: '1', IDENTITY_SECRET: 'fuzz-identity-secret-0123456789-abcdefgh' };

/** Sets up callers with real sessions and real ids, then runs both properties; throws on the first counterexample. */
export const runFuzz = async (server: RunningServer, opts: { httpRuns: number; socketRuns: number; uploadRuns?: number; seed?: number }) => {
  const hash = await hashPassword('right-password');
  await makeAgent(server.db, { capability: 90, handle: 'fz1', passwordHash: hash });
  await makeAgent(server.db, { capability: 80, handle: 'fz2', passwordHash: hash });
  const agent = createClient(server.url);
  const login = await agent.post('/api/agent/login', { email: 'fz1@test.local', password: 'right-password' });
  const customer = createClient(server.url);
  await customer.post('/api/customers', { name: 'Fuzz', email: 'fuzz@example.com' });
  const m = await customer.post('/api/matches');
  await customer.post(`/api/matches/${m.json.matchId}/choose`);
  const r = await customer.post('/api/service-requests', { message: 'fuzz me' }, { 'Idempotency-Key': 'fuzz-key-0001' });
  const me = await customer.get('/api/customers/me');
  // A booked callback (callback routes) and an admin session (admin routes).
  const slots = await customer.get('/api/callbacks/slots');
  const booked = await customer.post('/api/callbacks', { at: slots.json.slots?.[0], phone: '+86 138 0013 8000' });
  if (booked.status !== 201) throw new Error(`booking a callback for the fuzz answered ${booked.status} ${JSON.stringify(booked.json)}`);
  await createAdmin({ db: server.db, input: { email: 'fuzz-admin@example.com', name: 'Fuzz', password: 'a-long-admin-password' } });
  const admin = createClient(server.url);
  await admin.post('/api/admin/login', { email: 'fuzz-admin@example.com', password: 'a-long-admin-password' });
  // A picture sent with a request (issue 30): its id for the file routes.
  const picture = await upload(server.url, customer.cookieHeader(), { data: await smallPng(1), name: 'fuzz.png' });
  await customer.post('/api/service-requests', { message: 'with a picture', attachments: [picture.json.upload.id] }, { 'Idempotency-Key': 'fuzz-key-0002' });
  const ids = [m.json.matchId, r.json.request.id, me.json.customer.id, login.json.agent.id, booked.json.callback.id, picture.json.upload.id, 'capability', 'roster'].filter(Boolean);
  const callers: Caller[] = [{}, { cookie: customer.cookieHeader() }, { token: login.json.token }, { cookie: agent.cookieHeader() }, { cookie: admin.cookieHeader() }];

  const seed = opts.seed ?? Date.now();
  await fc.assert(
    fc.asyncProperty(httpCase({ ids, callers }), (c) => checkHttp(server.url, c)),
    { numRuns: opts.httpRuns, seed, endOnFailure: true },
  );
  // The upload route's own: random bytes in forms broken every way (issue 30).
  await fc.assert(
    fc.asyncProperty(uploadCase({ callers }), (c) => checkHttp(server.url, c)),
    { numRuns: opts.uploadRuns ?? Math.ceil(opts.httpRuns / 2), seed, endOnFailure: true },
  );

  // The admin's cases (issue 28) may have deactivated the agent, changed its email or reset its password: put them back.
  await server.db.agent.update({ where: { id: login.json.agent.id }, data: { active: true, email: 'fz1@test.local' } });
  await server.db.agentCredential.upsert({ where: { agentId: login.json.agent.id }, create: { agentId: login.json.agent.id, passwordHash: hash }, update: { passwordHash: hash } });
  // The HTTP cases may have signed the agent out (logout ends every session): sign in afresh.
  const again = await createClient(server.url).post('/api/agent/login', { email: 'fz1@test.local', password: 'right-password' });
  if (again.status !== 200) throw new Error(`sign-in after the HTTP cases answered ${again.status}`);
  // They may also have erased the customer (DELETE /api/customers/me): a fresh one holds the socket then.
  let socketCustomer = customer;
  if (!(await customer.get('/api/customers/me')).json?.customer) {
    socketCustomer = createClient(server.url);
    await socketCustomer.post('/api/customers', { name: 'Fuzz again', email: 'fuzz-again@example.com' });
  }
  const agentSocket = connectSocket(server.url, { token: again.json.token });
  const customerSocket = connectSocket(server.url, { cookie: socketCustomer.cookieHeader() });
  // A visitor (no session yet) may connect to wait for an agent; every other event must be refused politely.
  const visitorSocket = connectSocket(server.url, { visitor: true });
  const sockets = [agentSocket, customerSocket, visitorSocket];
  // Alerts need a confirmation; a fuzzing client confirms nothing and that is fine.
  try {
    await Promise.all(sockets.map((s) => connected(s)));
    await fc.assert(
      fc.asyncProperty(socketCase(ids), fc.constantFrom(0, 1, 2), async (c, who) => checkSocket(sockets[who]!, c)),
      { numRuns: opts.socketRuns, seed, endOnFailure: true },
    );
  } finally {
    sockets.forEach((s) => s.disconnect());
  }
  return { seed };
};
