// One process, one port: Next.js pages and API routes plus Socket.IO. Wiring only.
import crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import next from 'next';
import { getEnv } from './lib/env.ts';
import { log } from './lib/log.ts';
import { resolveSessionSecret } from './lib/auth/session.ts';
import { applyMigrations } from './lib/db/migrate.ts';
import { getDatabaseUrl, getDb, tuneDb } from './lib/db/client.ts';
import { createRealtimeServer } from './lib/realtime/server.ts';
import { createAdmission, OVERLOADED_BODY, RETRY_AFTER_SECONDS } from './lib/http/admission.ts';
import { setNotifier } from './lib/requests/notifier.ts';
import { startSweeper } from './lib/realtime/sweeper.ts';
import { createConcurrencyGate, guardRequest, onClientError, throttleApi } from './lib/http/node-guard.ts';
import { applySecurityHeaders } from './lib/http/security-headers.ts';
import { createLimits, setLimits } from './lib/security/rate-limits.ts';
import { beatInstance, retireInstance } from './lib/agents/presence.ts';

process.env.NEXT_TELEMETRY_DISABLED ??= '1';
process.env.CHECKPOINT_DISABLE ??= '1';
// Route handlers run in this process but in their own bundle: they read the secret from the env.
process.env.SESSION_SECRET = resolveSessionSecret();

const env = getEnv();
const dev = env.NODE_ENV !== 'production';

const migrations = await applyMigrations({ url: getDatabaseUrl() });
if (migrations.applied.length) log.info({ applied: migrations.applied }, 'migrations applied');

const db = getDb();
await tuneDb(db);
// Throttle counters: in this process, or shared by every instance through Redis.
if (env.REDIS_URL) {
  const { createClient } = await import('redis');
  const redis = createClient({ url: env.REDIS_URL });
  redis.on('error', (err) => log.error({ err }, 'redis (rate limits) error'));
  await redis.connect();
  setLimits(createLimits({ redis }));
  log.info('rate limits shared through Redis');
}
const app = next({ dev, hostname: env.HOST, port: env.PORT });
const handle = app.getRequestHandler();
await app.prepare();

const admission = createAdmission(env.MAX_IN_FLIGHT);
const admitApi = createConcurrencyGate();
const httpServer = http.createServer(async (req, res) => {
  // Overload is refused early (503 + Retry-After), never queued for seconds; pages and assets pass.
  if (req.url?.startsWith('/api/')) {
    if (!admission.tryEnter()) {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': String(RETRY_AFTER_SECONDS), 'cache-control': 'no-store' });
      res.end(OVERLOADED_BODY);
      return;
    }
    res.once('close', admission.leave);
  }
  applySecurityHeaders(req, res);
  if (guardRequest(req, res)) return;
  if (admitApi(req, res)) return;
  if (await throttleApi(req, res).catch((err) => (log.error({ err }, 'api throttle failed'), false))) return;
  handle(req, res).catch((err) => {
    log.error({ err, url: req.url }, 'request failed');
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' } }));
  });
});

httpServer.on('clientError', onClientError);

// Connections are recorded per instance: when this one stops (or dies and its heartbeat goes stale),
// its agents get the usual grace period to reconnect elsewhere.
const instanceId = `${process.pid}-${crypto.randomUUID().slice(0, 8)}`;
const { io, notifier, resendUndelivered } = createRealtimeServer({
  httpServer,
  db,
  instanceId,
  maxHops: env.MAX_HOPS,
  sessionRecheckMs: env.SESSION_RECHECK_MS,
});
setNotifier(notifier);
await beatInstance({ db, instanceId });
const sweeper = startSweeper({
  db,
  notifier,
  instanceId,
  maxHops: env.MAX_HOPS,
  intervalMs: env.SWEEP_INTERVAL_MS,
  presence: { graceMs: env.PRESENCE_GRACE_MS, idleMs: env.IDLE_AWAY_MS },
  acceptTimeoutMs: env.ACCEPT_TIMEOUT_MS,
  resendUndelivered,
});

// The demo crowd (scripts/demo-crowd.ts): on by default with the embedded SQLite database so a
// newcomer sees a living service, off by default with PostgreSQL; DEMO_AGENTS=0/1 decides either way.
const demoOn = env.DEMO_AGENTS ? env.DEMO_AGENTS === '1' : !getDatabaseUrl().startsWith('postgres');
let demoCrowd: ChildProcess | null = null;

httpServer.listen(env.PORT, env.HOST, () => {
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  log.info({ port, dev }, `listening on http://localhost:${port}`);
  if (demoOn) {
    demoCrowd = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo-crowd.ts'], {
      env: { ...process.env, DEMO_URL: `http://127.0.0.1:${port}` },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    log.info('demo crowd started: the seeded online demo agents keep consoles open (DEMO_AGENTS=0 to turn it off)');
  }
});

let closing = false;
const shutdown = (signal: string) => {
  if (closing) return;
  closing = true;
  log.info({ signal }, 'shutting down');
  sweeper.stop();
  demoCrowd?.kill();
  io.close();
  httpServer.close(() => {
    retireInstance({ db, instanceId })
      .catch((err) => log.error({ err }, 'could not hand over connections'))
      .finally(() => db.$disconnect().finally(() => process.exit(0)));
  });
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
