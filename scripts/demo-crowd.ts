// The demo crowd: so that `npm start` on the embedded database shows a living service, this process
// signs in the seeded demo agents who are "online" through the public API and keeps a real console
// connection open for each, as a team at work would:
// - each console reports activity as a person at the keyboard does, so the idle rule never sets them away;
// - a sign-in that is refused (warm-up, throttles, a restart) or a connection that drops is tried again
//   with backoff, for as long as the server runs — the crowd never gives up on an agent;
// - a demo agent confirms every alert, acknowledges and answers with a short line in the customer's
//   language after 2–5 s, and resolves a while later;
// - the moment the real person signs in to that account the server sends `demo:yield` and the demo goes
//   quiet; it comes back once that person's last console has been gone for the presence grace period
//   (until then the server refuses its handshake with `demo_yield`: lib/agents/demo-consoles.ts).
//
// Started by server.ts when DEMO_AGENTS is on (default with SQLite); it tells the server over IPC once
// every demo agent has had a first answer (`seated`). Also runnable by hand:
//   DEMO_URL=http://127.0.0.1:3000 node --import tsx scripts/demo-crowd.ts
import { io, type Socket } from 'socket.io-client';
import { DEMO_AGENTS, DEMO_PASSWORD, demoEmail } from '../lib/demo/seed.ts';
import { backoffDelay, activityEveryMs, rejoinEveryMs } from './demo-crowd-timing.ts';

const base = process.env.DEMO_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
const ackMin = Number(process.env.DEMO_ACK_MIN_MS ?? 2000);
const ackMax = Number(process.env.DEMO_ACK_MAX_MS ?? 5000);
const resolveAfter = Number(process.env.DEMO_RESOLVE_MS ?? 120_000);
const activityMs = activityEveryMs(Number(process.env.IDLE_AWAY_MS ?? 15 * 60_000));
const rejoinMs = rejoinEveryMs(Number(process.env.PRESENCE_GRACE_MS ?? 30_000));
const log = (msg: string) => console.log(`[demo-crowd] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());

type Alert = { id: string; locale: string; createdAt: string; customer: { name: string } };
type DemoAgent = (typeof DEMO_AGENTS)[number];

const lines = {
  en: (name: string) => `Hi, this is ${name} (a demo agent). I'm on it and will come back to you shortly.`,
  zh: (nameZh: string) => `您好，我是${nameZh}（演示客服），正在为您处理，请稍候。`,
};

let stopping = false;

/** One sign-in attempt: the token, or how long to wait before the next one. */
const signIn = async (email: string): Promise<{ token: string } | { retryAfterMs?: number; why: string }> => {
  try {
    const res = await fetch(`${base}/api/agent/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
    if (res.ok) return { token: ((await res.json()) as { token: string }).token };
    const retryAfter = Number(res.headers.get('retry-after'));
    return { retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined, why: `sign-in answered ${res.status}` };
  } catch (err) {
    return { why: `server not reachable (${(err as Error).message})` };
  }
};

/** Signs in until it works (backoff with jitter; a changed password is tried again rarely, never given up). */
const signInUntilDone = async (a: DemoAgent): Promise<string | null> => {
  for (let attempt = 0; !stopping; attempt++) {
    const r = await signIn(demoEmail(a.handle));
    if ('token' in r) return r.token;
    const wait = Math.max(r.retryAfterMs ?? 0, backoffDelay(attempt));
    if (attempt === 0 || attempt % 10 === 9) log(`${a.handle}: ${r.why}; trying again in ${Math.round(wait / 1000)} s`);
    await sleep(wait);
  }
  return null;
};

/** The consoles kept open, by handle. */
const consoles = new Map<string, Socket>();
// Every crowd member's first outcome (at a console, or stood aside for its real person): then "seated".
const firstOutcome = new Map<string, 'seated' | 'yielded'>();
const crowd = DEMO_AGENTS.filter((a) => a.status === 'online');

const noteOutcome = (handle: string, outcome: 'seated' | 'yielded') => {
  if (firstOutcome.has(handle)) return;
  firstOutcome.set(handle, outcome);
  if (firstOutcome.size !== crowd.length) return;
  const seated = [...firstOutcome.values()].filter((o) => o === 'seated').length;
  log(`${seated} demo agents are at their consoles on ${base}${seated < crowd.length ? ` (${crowd.length - seated} stood aside for their real person)` : ''}`);
  process.send?.({ type: 'seated', seated, of: crowd.length });
};

const runAgent = async (a: DemoAgent) => {
  if (consoles.has(a.handle)) return;
  const token = await signInUntilDone(a);
  if (!token || consoles.has(a.handle)) return;
  const socket = io(base, { transports: ['websocket'], auth: { token, demo: true }, reconnectionDelayMax: 10_000 });
  consoles.set(a.handle, socket);
  const seen = new Set<string>();
  const later = (ms: number, fn: () => void) => setTimeout(() => socket.connected && fn(), ms).unref();
  let failures = 0;
  let yielded = false;

  /** Handshake refused or the server closed this console: try again, signing in anew when the session is gone. */
  const retry = (why: string, signInAgain: boolean) => {
    if (stopping) return;
    const wait = why === 'demo_yield' ? rejoinMs : backoffDelay(failures++);
    if (why !== 'demo_yield' && (failures === 1 || failures % 10 === 0)) log(`${a.handle}: ${why}; trying again in ${Math.round(wait / 1000)} s`);
    setTimeout(async () => {
      if (stopping) return;
      if (signInAgain) {
        const fresh = await signInUntilDone(a);
        if (!fresh) return;
        socket.auth = { token: fresh, demo: true };
      }
      socket.connect();
    }, wait).unref();
  };

  socket.on('connect', () => {
    failures = 0;
    if (yielded) log(`${a.handle}: the real person has gone; back at the console`);
    backFromYield = yielded;
    yielded = false;
    noteOutcome(a.handle, 'seated');
  });
  socket.on('connect_error', (err) => {
    if (err.message === 'demo_yield') {
      // The real person is at (or has just left) their console: stay out, look again later.
      noteOutcome(a.handle, 'yielded');
      yielded = true;
      return retry('demo_yield', false);
    }
    // A refused handshake is not retried by the client itself; a transport error is.
    if (err.message === 'unauthenticated') return retry('session ended', true);
    if (!socket.active) retry(err.message, false);
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') retry('the server closed the console', true);
  });
  socket.on('demo:yield', () => {
    log(`${a.handle}: the real person signed in; going quiet until they have left`);
    yielded = true;
    socket.disconnect();
    retry('demo_yield', false);
  });
  // Back at the console after the real person left: whatever status they chose before closing it, the
  // demo agent is at work again. (A status set while the demo sits there — e.g. away over the HTTP API —
  // is left as it is.)
  let backFromYield = false;
  socket.on('agent:status', (s) => {
    if (backFromYield && s.status !== 'online') socket.emit('agent:set-status', { status: 'online' }, () => {});
    backFromYield = false;
  });
  const activity = setInterval(() => socket.connected && socket.emit('presence:active'), activityMs);
  activity.unref();

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
};

// The e2e server's test-only roster reset asks for consoles that are not open to be tried at once.
process.on('message', (m: { type?: string; handles?: string[] }) => {
  if (m?.type !== 'rejoin') return;
  for (const a of crowd.filter((x) => m.handles?.includes(x.handle))) {
    const s = consoles.get(a.handle);
    if (!s) void runAgent(a);
    else if (!s.connected) s.connect();
  }
});

const stop = () => {
  stopping = true;
  consoles.forEach((s) => s.disconnect());
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Ends with the server that started it.
process.on('disconnect', stop);

// A little apart, as people arrive: twelve sign-ins at once would only queue behind each other.
crowd.forEach((a, i) => setTimeout(() => void runAgent(a), i * 150));
