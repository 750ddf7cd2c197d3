// One process, one port: Next.js pages and API routes plus Socket.IO. Wiring only.
// Several of these can run behind one address (docs/deploy.md): PostgreSQL + REDIS_URL.
import http from 'node:http';
import next from 'next';
import { getEnv } from './lib/env.ts';
import { log } from './lib/log.ts';
import { resolveSessionSecret } from './lib/auth/session.ts';
import { applyMigrations, defaultMigrationsDir, listMigrations } from './lib/db/migrate.ts';
import { getDatabaseUrl, getDb, providerOf } from './lib/db/client.ts';
import { createPgLeadership, soleLeadership } from './lib/db/leadership.ts';
import { connectedAgentIds, createRealtimeServer } from './lib/realtime/server.ts';
import { attachRedisAdapter } from './lib/realtime/redis-adapter.ts';
import { setNotifier } from './lib/realtime/notifier.ts';
import { startSweeper } from './lib/realtime/sweeper.ts';
import { startPresenceGrace } from './lib/agents/presence.ts';
import { markDraining, setReadinessChecks } from './lib/ops/readiness.ts';
import { createInFlight } from './lib/ops/in-flight.ts';

process.env.NEXT_TELEMETRY_DISABLED ??= '1';
process.env.CHECKPOINT_DISABLE ??= '1';
// Route handlers run in this process but in their own bundle: they read the secret from the env.
process.env.SESSION_SECRET = resolveSessionSecret();

const env = getEnv();
const dev = env.NODE_ENV !== 'production';
const dbUrl = getDatabaseUrl();
const provider = providerOf(dbUrl);

// Instances starting together queue on a lock; one applies, the others find it done.
const migrations = await applyMigrations({ url: dbUrl, onWait: () => log.info('another instance is migrating; waiting') });
if (migrations.applied.length) log.info({ applied: migrations.applied }, 'migrations applied');
const shippedMigrations = listMigrations(defaultMigrationsDir(dbUrl)).map((m) => m.name);

const db = getDb();
const app = next({ dev, hostname: env.HOST, port: env.PORT });
const handle = app.getRequestHandler();
await app.prepare();

const inFlight = createInFlight();
const httpServer = http.createServer((req, res) => {
  inFlight.track(res);
  handle(req, res).catch((err) => {
    log.error({ err, url: req.url }, 'request failed');
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' } }));
  });
});

const { io, notifier, resendUndelivered } = createRealtimeServer({ httpServer, db });
if (env.REDIS_URL && provider === 'sqlite') log.warn('REDIS_URL with SQLite: several instances need PostgreSQL too (docs/deploy.md)');
const redis = env.REDIS_URL ? await attachRedisAdapter(io, { url: env.REDIS_URL, key: env.REDIS_KEY_PREFIX }) : null;
setNotifier(notifier);

setReadinessChecks({
  database: async () => {
    const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const done = new Set(rows.map((r) => r.migration_name));
    const missing = shippedMigrations.filter((n) => !done.has(n));
    return { ok: missing.length === 0, detail: missing.length ? `migrations not applied: ${missing.join(', ')}` : `${provider}, ${done.size} migrations` };
  },
  adapter: redis ? redis.ping : async () => ({ ok: true, detail: 'in-process (single instance)' }),
});

// Agents connected to a previous process get the usual grace period to reconnect to this one;
// those with a tab on another running instance are connected and keep their status.
try {
  await startPresenceGrace({ db, connectedElsewhere: await connectedAgentIds(io) });
} catch (err) {
  // Another instance did not say who is connected to it: better no grace than marking its agents gone.
  log.warn({ err }, 'presence grace at start-up skipped: could not list connections on other instances');
}
const leadership = provider === 'postgres' ? createPgLeadership({ url: dbUrl, name: 'sweeper' }) : soleLeadership();
const sweeper = startSweeper({
  db,
  notifier,
  intervalMs: env.SWEEP_INTERVAL_MS,
  presence: { graceMs: env.PRESENCE_GRACE_MS, idleMs: env.IDLE_AWAY_MS },
  acceptTimeoutMs: env.ACCEPT_TIMEOUT_MS,
  resendUndelivered,
  shouldRun: leadership.tryLead,
});

httpServer.listen(env.PORT, env.HOST, () => {
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  log.info({ port, dev, provider, adapter: redis ? 'redis' : 'in-process' }, `listening on http://localhost:${port}`);
});

/**
 * SIGTERM: stop taking work, finish what was accepted, hand the sockets to another instance.
 * 1. not ready (the balancer stops sending here) and no new connections;
 * 2. the sweeper finishes its tick and gives up leadership (another instance takes over);
 * 3. in-flight HTTP requests are answered (up to SHUTDOWN_TIMEOUT_MS);
 * 4. sockets are closed at the transport, so clients reconnect — through the balancer, elsewhere —
 *    and get what is pending there (alerts come from the database, not from this process's memory);
 * 5. adapter, Redis and database connections close.
 */
let closing = false;
const shutdown = async (signal: string) => {
  if (closing) return;
  closing = true;
  const started = Date.now();
  log.info({ signal, inFlight: inFlight.count() }, 'shutting down');
  setTimeout(() => {
    log.error('shutdown took too long; exiting');
    process.exit(1);
  }, env.SHUTDOWN_TIMEOUT_MS + 5000).unref();
  markDraining();
  httpServer.close();
  httpServer.closeIdleConnections();
  await sweeper.stop();
  await leadership.release();
  const finished = await inFlight.idle(env.SHUTDOWN_TIMEOUT_MS);
  if (!finished) log.warn({ inFlight: inFlight.count() }, 'requests still running at the shutdown deadline');
  io.engine.close();
  // Let disconnect handlers (presence) run while the adapter and database are still there.
  await new Promise((r) => setTimeout(r, 200));
  httpServer.closeIdleConnections();
  await Promise.race([io.close(), new Promise((r) => setTimeout(r, 2000))]);
  await redis?.close();
  await db.$disconnect();
  log.info({ ms: Date.now() - started }, 'shut down cleanly');
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
