// The demo crowd: so that `npm start` on the embedded database shows a living service, this process
// signs in the seeded demo agents who are "online" through the public API and keeps a real console
// connection open for each. A demo agent confirms every alert, acknowledges and answers with a short
// line in the customer's language after 2–5 s, resolves a while later, and goes quiet for good the
// moment the real person signs in to that account (the server sends `demo:yield`). Only the e2e server's
// test-only roster reset (TEST_SEED_API=1) asks it to bring such a console back, after a test.
//
// Started by server.ts when DEMO_AGENTS is on (default with SQLite); also runnable by hand:
//   DEMO_URL=http://127.0.0.1:3000 node --import tsx scripts/demo-crowd.ts
import { io, type Socket } from 'socket.io-client';
import { DEMO_AGENTS, DEMO_PASSWORD, demoEmail } from '../lib/demo/seed.ts';

const base = process.env.DEMO_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
const ackMin = Number(process.env.DEMO_ACK_MIN_MS ?? 2000);
const ackMax = Number(process.env.DEMO_ACK_MAX_MS ?? 5000);
const resolveAfter = Number(process.env.DEMO_RESOLVE_MS ?? 120_000);
const log = (msg: string) => console.log(`[demo-crowd] ${msg}`);

type Alert = { id: string; locale: string; createdAt: string; customer: { name: string } };

const lines = {
  en: (name: string) => `Hi, this is ${name} (a demo agent). I'm on it and will come back to you shortly.`,
  zh: (nameZh: string) => `您好，我是${nameZh}（演示客服），正在为您处理，请稍候。`,
};

const waitForServer = async () => {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(`${base}/api/agent/me`);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no server at ${base}`);
};

const signIn = async (email: string): Promise<string | null> => {
  const res = await fetch(`${base}/api/agent/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  if (!res.ok) return null; // the real person changed the password, or the agent left: leave them be
  return ((await res.json()) as { token: string }).token;
};

// handle → the demo console kept open for that agent (removed when it goes quiet)
const sockets = new Map<string, Socket>();
const signingIn = new Set<string>();

const runAgent = async (a: (typeof DEMO_AGENTS)[number]) => {
  if (sockets.has(a.handle) || signingIn.has(a.handle)) return;
  signingIn.add(a.handle);
  const token = await signIn(demoEmail(a.handle)).finally(() => signingIn.delete(a.handle));
  if (!token) return log(`${a.handle}: cannot sign in, skipped`);
  const socket = io(base, { transports: ['websocket'], auth: { token, demo: true } });
  sockets.set(a.handle, socket);
  const seen = new Set<string>();
  const later = (ms: number, fn: () => void) => setTimeout(() => socket.connected && fn(), ms).unref();
  socket.on('service-request:new', (alert: Alert, received: (v: boolean) => void) => {
    received(true);
    if (seen.has(alert.id)) return;
    seen.add(alert.id);
    const body = alert.locale === 'en' ? lines.en(a.name) : lines.zh(a.nameZh);
    later(ackMin + Math.random() * (ackMax - ackMin), () => {
      socket.emit('service-request:ack', { id: alert.id }, () => {});
      // It read the request before answering: the customer sees "read", as with a person.
      socket.emit('service-request:read', { id: alert.id, upTo: alert.createdAt }, () => {});
      socket.emit('service-request:reply', { id: alert.id, body }, () => {});
      later(resolveAfter, () => socket.emit('service-request:resolve', { id: alert.id }, () => {}));
    });
  });
  socket.on('demo:yield', () => {
    log(`${a.handle}: the real person signed in; going quiet`);
    socket.disconnect();
    sockets.delete(a.handle);
  });
  socket.on('connect_error', (err) => log(`${a.handle}: ${err.message}`));
};

const crowd = DEMO_AGENTS.filter((a) => a.status === 'online');
// Only the e2e server's test-only roster reset sends this (server.ts): consoles that went quiet come back.
process.on('message', (m: { type?: string; handles?: string[] }) => {
  if (m?.type !== 'rejoin') return;
  const back = crowd.filter((a) => m.handles?.includes(a.handle) && !sockets.has(a.handle));
  Promise.all(back.map(runAgent))
    .then(() => back.length && log(`${back.map((a) => a.handle).join(', ')}: back at their consoles`))
    .catch((err: Error) => log(`rejoin failed: ${err.message}`));
});

await waitForServer();
for (const a of crowd) await runAgent(a);
log(`${sockets.size} demo agents are at their consoles on ${base}`);

const stop = () => {
  sockets.forEach((s) => s.disconnect());
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Ends with the server that started it.
process.on('disconnect', stop);
