import { expect } from 'vitest';
import type { Socket } from 'socket.io-client';
import { hashPassword } from '../../lib/credentials/password.ts';
import { makeAgent } from './db.ts';
import { connected, connectSocket, createClient, nextEvent, type RunningServer } from './server.ts';

/** Shared steps for integration tests that play customers and agents against one real server. */
export const scenario = (getServer: () => RunningServer) => {
  const sockets: Socket[] = [];
  let hash: string | undefined;

  const agent = async (handle: string, capability: number, status: 'online' | 'away' | 'offline' = 'online', opts: { languages?: string[]; skills?: string[] } = {}) => {
    hash ??= await hashPassword('right-password');
    // Nobody is connected until a test opens a socket for them: presence comes from real connections.
    return makeAgent(getServer().db, { handle, capability, status, passwordHash: hash, connected: false, languages: opts.languages, skills: opts.skills });
  };

  /** Signs the agent in and opens a console socket; resolves once the server counts the connection. */
  const online = async (handle: string) => {
    const me = await signIn(handle);
    const tab = socket({ token: me.token });
    const registered = nextEvent<{ status: string; available: boolean }>(tab, 'agent:status');
    await connected(tab);
    await registered;
    return { ...me, tab };
  };

  const signIn = async (handle: string) => {
    const client = createClient(getServer().url);
    const res = await client.post('/api/agent/login', { email: `${handle}@test.local`, password: 'right-password' });
    expect(res.status).toBe(200);
    return { client, token: res.json.token as string, id: res.json.agent.id as string };
  };

  const socket = (opts: { cookie?: string; token?: string; visitor?: boolean }) => {
    const s = connectSocket(getServer().url, opts);
    sockets.push(s);
    return s;
  };

  /** A new customer bound to the agent with that handle (skipping others in the search). */
  const customerOf = async (name: string, handle: string) => {
    const c = createClient(getServer().url);
    expect((await c.post('/api/customers', { name, email: `${name.toLowerCase().replace(/\s/g, '')}@example.com` })).status).toBe(201);
    let m = await c.post('/api/matches');
    while (m.json.agent && m.json.agent.handle !== handle) m = await c.post(`/api/matches/${m.json.matchId}/skip`);
    if (!m.json.agent) {
      // Not online: bind directly, as a customer who chose them earlier would be.
      const a = await getServer().db.agent.findUniqueOrThrow({ where: { handle } });
      const me = await c.get('/api/customers/me');
      // Two plain writes, no interactive transaction: this process waits for the server's write lock.
      await getServer().db.binding.create({ data: { customerId: me.json.customer.id, agentId: a.id, contactEmail: me.json.customer.email } });
      await getServer().db.agent.update({ where: { id: a.id }, data: { activeBindings: { increment: 1 } } });
    } else {
      expect((await c.post(`/api/matches/${m.json.matchId}/choose`)).status).toBe(201);
    }
    let n = 0;
    const send = (message: string, headers: Record<string, string> = {}) =>
      c.post('/api/service-requests', { message }, { 'Idempotency-Key': `${name.replace(/\s/g, '')}-${++n}-${Date.now()}`, ...headers });
    return { client: c, send };
  };

  /** Records every alert a socket receives, confirming each as on screen (like the console does). */
  const recordAlerts = (s: Socket, confirm = true) => {
    const got: string[] = [];
    s.on('service-request:new', (alert: { id: string }, received: (v: boolean) => void) => {
      got.push(alert.id);
      if (confirm) received(true);
    });
    return got;
  };

  const closeAll = () => sockets.splice(0).forEach((s) => s.disconnect());

  return { agent, signIn, online, socket, customerOf, recordAlerts, closeAll };
};
