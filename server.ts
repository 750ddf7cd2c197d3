// One process, one port: Next.js pages and API routes plus Socket.IO. Wiring only.
import http from 'node:http';
import next from 'next';
import { getEnv } from './lib/env.ts';
import { log } from './lib/log.ts';
import { resolveSessionSecret } from './lib/auth/session.ts';
import { applyMigrations } from './lib/db/migrate.ts';
import { getDatabaseUrl, getDb } from './lib/db/client.ts';
import { createRealtimeServer } from './lib/realtime/server.ts';
import { setNotifier } from './lib/realtime/notifier.ts';
import { startSweeper } from './lib/realtime/sweeper.ts';
import { startPresenceGrace } from './lib/agents/presence.ts';
import { createConcurrencyGate, guardRequest, onClientError, throttleApi } from './lib/http/node-guard.ts';
import { applySecurityHeaders } from './lib/http/security-headers.ts';
import { createLimits, setLimits } from './lib/security/rate-limits.ts';

process.env.NEXT_TELEMETRY_DISABLED ??= '1';
process.env.CHECKPOINT_DISABLE ??= '1';
// Route handlers run in this process but in their own bundle: they read the secret from the env.
process.env.SESSION_SECRET = resolveSessionSecret();

const env = getEnv();
const dev = env.NODE_ENV !== 'production';

const migrations = await applyMigrations({ url: getDatabaseUrl() });
if (migrations.applied.length) log.info({ applied: migrations.applied }, 'migrations applied');

const db = getDb();
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

const admitApi = createConcurrencyGate();
const httpServer = http.createServer(async (req, res) => {
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

const { io, notifier, resendUndelivered } = createRealtimeServer({ httpServer, db, sessionRecheckMs: env.SESSION_RECHECK_MS });
setNotifier(notifier);
// Agents connected to a previous process get the usual grace period to reconnect to this one.
await startPresenceGrace({ db });
const sweeper = startSweeper({
  db,
  notifier,
  intervalMs: env.SWEEP_INTERVAL_MS,
  presence: { graceMs: env.PRESENCE_GRACE_MS, idleMs: env.IDLE_AWAY_MS },
  acceptTimeoutMs: env.ACCEPT_TIMEOUT_MS,
  resendUndelivered,
});

httpServer.listen(env.PORT, env.HOST, () => {
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  log.info({ port, dev }, `listening on http://localhost:${port}`);
});

let closing = false;
const shutdown = (signal: string) => {
  if (closing) return;
  closing = true;
  log.info({ signal }, 'shutting down');
  sweeper.stop();
  io.close();
  httpServer.close(() => {
    db.$disconnect().finally(() => process.exit(0));
  });
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
