// One process, one port: Next.js pages and API routes plus Socket.IO. Wiring only.
// Several of these can run behind one address (docs/deploy.md): PostgreSQL + REDIS_URL.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import next from 'next';
import { getEnv } from './lib/env.ts';
import { log } from './lib/log.ts';
import { resolveSessionSecret } from './lib/credentials/session.ts';
import { applyMigrations, defaultMigrationsDir, listMigrations } from './lib/db/migrate.ts';
import { getDatabaseUrl, getDb, providerOf } from './lib/db/client.ts';
import { createPgLeadership, soleLeadership } from './lib/db/leadership.ts';
import { createRealtimeServer } from './lib/realtime/server.ts';
import { attachRedisAdapter } from './lib/realtime/redis-adapter.ts';
import { createAdmission, eventLoopPressure, OVERLOADED_BODY, refusalLog, RETRY_AFTER_SECONDS, warmUpWindow } from './lib/http/admission.ts';
import { setNotifier } from './lib/events/dispatcher.ts';
import { startSweeper } from './lib/realtime/sweeper.ts';
import { createWebhookWorker } from './lib/webhooks/worker.ts';
import { getBlobStore, sweepUploads } from './lib/uploads/uploads.ts';
import { httpSender } from './lib/webhooks/send.ts';
import { policyFromEnv } from './lib/webhooks/ssrf.ts';
import { createConcurrencyGate, createTarpit, guardRequest, onClientError, throttleApi } from './lib/http/node-guard.ts';
import { applySecurityHeaders } from './lib/http/security-headers.ts';
import { createLimits, setLimits } from './lib/security/rate-limits.ts';
import { beatInstance, retireInstance } from './lib/agents/presence.ts';
import { startJobSchedules } from './lib/jobs/schedule.ts';
import { instanceId as currentInstanceId } from './lib/instance.ts';
import { markDraining, setReadinessChecks } from './lib/ops/readiness.ts';
import { createInFlight } from './lib/ops/in-flight.ts';
import { setCallsWaiting } from './lib/ops/give-way.ts';
import { createMailer } from './lib/mail/mailer.ts';
import { answerMailListener } from './lib/mail/answer-mail.ts';
import { handoverMailListener } from './lib/mail/handover-mail.ts';
import { loadVapidKeys } from './lib/push/vapid.ts';
import { createPushSender } from './lib/push/send-push.ts';
import { pushListener } from './lib/push/push-notifier.ts';
import { getSubscribers } from './lib/push/subscribers.ts';
import { getSessionCache } from './lib/credentials/session-cache.ts';
import { lanAddresses, loadOrMakeCertificate } from './lib/ops/dev-tls.ts';
import { readyBanner, readyUrls } from './lib/ops/ready-banner.ts';
import { countHttpRequest, countRefusal, countWebhookDelivery, metrics } from './lib/ops/metrics.ts';
import { createRouteLabeler, serverRoutePatterns } from './lib/ops/route-label.ts';
import { createMetricsEndpoint, metricsNotHere } from './lib/http/metrics-endpoint.ts';
import { socketsByKind } from './lib/realtime/socket-kinds.ts';

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
if (env.TEST_SEED_API === '1') log.warn('TEST_SEED_API=1: the test-only seeding API (/api/test/*) is on; it is for the e2e server, never for production');
const app = next({ dev, hostname: env.HOST, port: env.PORT });
const handle = app.getRequestHandler();
await app.prepare();

const inFlight = createInFlight();
// Issue 27: calls are shed on the time they would wait, not on a short lag. The lag rule stays as a
// second guard at the wait budget: socket work (acknowledgements) does not pass through the queue.
const pressure = eventLoopPressure(env.MAX_EVENT_LOOP_DELAY_MS ?? env.ADMISSION_WAIT_BUDGET_MS);
// Warm-up is not overload: the first WARMUP_MS after listening, only the in-flight limit refuses calls.
const warmUp = warmUpWindow(env.WARMUP_MS);
// Refusals are logged as they start, then every 10 s while they go on (refusalLog).
const refusals = refusalLog(() => admission, pressure.lagMs);
const admission = createAdmission({
  concurrency: env.API_CONCURRENCY,
  maxInFlight: env.MAX_IN_FLIGHT,
  waitBudgetMs: env.ADMISSION_WAIT_BUDGET_MS,
  busy: pressure.busy,
  isWarming: warmUp.isWarming,
  onRefuse: (reason) => {
    countRefusal(503, reason);
    refusals.count(reason);
  },
});
// Scheduled jobs give way to calls waiting for their turn (lib/ops/give-way.ts).
setCallsWaiting(admission.waiting);
// A throttled call waits THROTTLE_DELAY_MS for its 429: a flooding loop slows itself (createTarpit).
const tarpit = createTarpit({ delayMs: env.THROTTLE_DELAY_MS });
const admitApi = createConcurrencyGate(process.env, tarpit);
// Metrics (issue 29): every answer counted by its route's pattern (bounded), 503s and 429s of the door included.
metrics();
const routeOf = createRouteLabeler(serverRoutePatterns(process.cwd()));
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
// On the main port only with a token and no METRICS_PORT; else 404 there (metrics off, or on their own port).
let serveMetrics: ((req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) | null = null;
const onRequest = async (req: http.IncomingMessage, res: http.ServerResponse) => {
  inFlight.track(res);
  const url = req.url ?? '/';
  const route = routeOf(url);
  const method = METHODS.has(req.method ?? '') ? req.method! : 'other';
  res.once('finish', () => countHttpRequest(route, method, res.statusCode));
  applySecurityHeaders(req, res);
  if (route === '/metrics') {
    if (serveMetrics && !env.METRICS_PORT) await serveMetrics(req, res);
    else metricsNotHere(res);
    return;
  }
  if (guardRequest(req, res)) return;
  // One address's throttles first, so a refused (and held) call never takes a place in the admission below.
  if (admitApi(req, res)) return;
  if (await throttleApi(req, res, tarpit).catch((err) => (log.error({ err }, 'api throttle failed'), false))) return;
  // Overload is refused early (503 + Retry-After), never queued past the wait budget; pages and assets pass,
  // and so does the liveness check: a busy instance is alive, restarting it would not help.
  if (req.url?.startsWith('/api/') && !req.url.startsWith('/api/health')) {
    // Waits its turn (FIFO) unless its wait would pass the budget; refused calls never reach a handler.
    const call = admission.enter();
    res.once('close', call.leave);
    if (!(await call.admitted)) {
      if (res.destroyed || res.writableEnded) return; // the client left while waiting
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': String(RETRY_AFTER_SECONDS), 'cache-control': 'no-store' });
      res.end(OVERLOADED_BODY);
      return;
    }
    // The handler starts on the next turn of the event loop: calls that arrived together all pass the door
    // first, so the admission sees a burst as a burst even where each handler runs to its end within one
    // turn (on SQLite a call waits for no I/O: without this, 60 calls at once were never more than one in
    // flight, and their wait was spent unseen in the sockets' buffers).
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  handle(req, res).catch((err) => {
    log.error({ err, url: req.url }, 'request failed');
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' } }));
  });
};
const httpServer = http.createServer(onRequest);

httpServer.on('clientError', onClientError);

// Connections are recorded per instance: when this one stops (or dies and its heartbeat goes stale),
// its agents get the usual grace period to reconnect elsewhere.
const instanceId = currentInstanceId();
const mailer = createMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM });
// Made on first start and kept in the database: every instance signs pushes with the same pair.
const pushSender = createPushSender({ db, keys: await loadVapidKeys(db), subject: env.VAPID_SUBJECT });
// Who has push subscriptions, kept in the process (the listener asks it for every event instead of the table).
const stopFollowingSubscribers = getSubscribers().follow(db, env.PUSH_SUBSCRIBERS_REFRESH_MS);
// Live sessions kept in the process (a call reads no session row); revocations anywhere reach it within 1 s.
const stopFollowingSessions = getSessionCache().follow(db, env.SESSION_POLL_MS);
let sweepMail: () => Promise<number> = async () => 0;
const { io, notifier, resendUndelivered, reconcileConsoles } = createRealtimeServer({
  httpServer,
  db,
  instanceId,
  maxHops: env.MAX_HOPS,
  presenceGraceMs: env.PRESENCE_GRACE_MS,
  sessionRecheckMs: env.SESSION_RECHECK_MS,
  // People who are not in the app are reached by e-mail (lib/mail/answer-mail.ts) and Web Push (lib/push/push-notifier.ts).
  listeners: ({ isCustomerLive }) => {
    const appUrl = env.APP_URL ?? `http://localhost:${env.PORT}`;
    const mail = answerMailListener({ db, mailer, isCustomerLive, appUrl: appUrl.replace(/\/$/, ''), windowMs: env.MAIL_WINDOW_MS });
    sweepMail = mail.sweep;
    const handoverMail = handoverMailListener({ db, mailer, isCustomerLive, appUrl: appUrl.replace(/\/$/, '') });
    return [mail.listener, handoverMail, pushListener({ db, sender: pushSender, isCustomerLive })];
  },
});
if (env.REDIS_URL && provider === 'sqlite') log.warn('REDIS_URL with SQLite: several instances need PostgreSQL too (docs/deploy.md)');
const redis = env.REDIS_URL ? await attachRedisAdapter(io, { url: env.REDIS_URL, key: env.REDIS_KEY_PREFIX }) : null;
// Throttle counters: in this process, or shared by every instance through the same Redis.
if (redis) {
  setLimits(createLimits({ redis: redis.client, keyPrefix: env.REDIS_KEY_PREFIX }));
  log.info('rate limits shared through Redis');
}
setNotifier(notifier);
await beatInstance({ db, instanceId });

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

const leadership = provider === 'postgres' ? createPgLeadership({ url: dbUrl, name: 'sweeper' }) : soleLeadership();
// Webhooks (issue 29): the outbox is delivered by the sweeper's leader, so by one instance at a time.
const webhooks = createWebhookWorker({
  db,
  send: httpSender(policyFromEnv()),
  timeoutMs: env.WEBHOOK_TIMEOUT_MS,
  retryBaseMs: env.WEBHOOK_RETRY_BASE_MS,
  onOutcome: countWebhookDelivery,
});
const sweeper = startSweeper({
  db,
  notifier,
  instanceId,
  maxHops: env.MAX_HOPS,
  intervalMs: env.SWEEP_INTERVAL_MS,
  presence: { graceMs: env.PRESENCE_GRACE_MS, idleMs: env.IDLE_AWAY_MS },
  acceptTimeoutMs: env.ACCEPT_TIMEOUT_MS,
  resendUndelivered,
  reconcileConsoles,
  shouldRun: leadership.tryLead,
  callbackLeadMs: env.CALLBACK_REMINDER_LEAD_MS,
  // Issue 30: uploads never attached within 24 h are forgotten, with their bytes.
  jobs: [() => sweepMail(), () => webhooks.tick(), () => sweepUploads({ db, store: getBlobStore() })],
});

// The demo crowd (scripts/demo-crowd.ts): on by default with the embedded SQLite database so a
// newcomer sees a living service, off by default with PostgreSQL; DEMO_AGENTS=0/1 decides either way.
const demoOn = env.DEMO_AGENTS ? env.DEMO_AGENTS === '1' : provider !== 'postgres';
let demoCrowd: ChildProcess | null = null;
// Issue 14: capability every few minutes; the roster only when there is one to read.
const jobs = startJobSchedules({
  db,
  notifier,
  schedules: { capability: env.CAPABILITY_SCHEDULE, roster: env.ROSTER_SOURCE ? env.ROSTER_SCHEDULE : 'off' },
});

// Try it on a phone: the same app over HTTPS with a certificate made here (lib/ops/dev-tls.ts). Every
// request and socket upgrade goes through the one pipeline above (the Socket.IO server is attached to
// httpServer), so cookies (Secure here), sockets and the service worker behave as behind a proxy's TLS.
const httpsPort = env.HTTPS_PORT ?? (provider === 'sqlite' ? 3443 : 0);
// Beside the embedded database (data/tls by default), or under data/ with PostgreSQL.
const tlsDir = provider === 'sqlite' ? path.join(path.dirname(path.resolve(dbUrl.replace(/^file:/, ''))), 'tls') : path.resolve('data', 'tls');
let httpsServer: https.Server | null = null;
if (httpsPort > 0) {
  const lan = lanAddresses();
  const tls = await loadOrMakeCertificate({ dir: tlsDir, hosts: lan });
  if (tls.made) log.info({ dir: tlsDir, hosts: tls.hosts, fingerprint: tls.fingerprint }, 'made a self-signed certificate for the HTTPS port');
  httpsServer = https.createServer({ key: tls.key, cert: tls.cert });
  httpsServer.on('request', (req, res) => httpServer.emit('request', req, res));
  httpsServer.on('upgrade', (req, socket, head) => httpServer.emit('upgrade', req, socket, head));
  httpsServer.on('clientError', onClientError);
}

const listening = (server: http.Server | https.Server, port: number, host: string) =>
  new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });

if (env.METRICS_TOKEN || env.METRICS_PORT) serveMetrics = createMetricsEndpoint({ db, token: env.METRICS_TOKEN, sockets: () => socketsByKind(io) });
// METRICS_PORT: /metrics on a port of its own (reachable by Prometheus only, say), and nothing else there.
const metricsServer = env.METRICS_PORT && serveMetrics ? http.createServer((req, res) => void (routeOf(req.url ?? '/') === '/metrics' ? serveMetrics!(req, res) : metricsNotHere(res))) : null;

const port = await listening(httpServer, env.PORT, env.HOST);
warmUp.begin();
if (metricsServer) {
  const metricsPort = await listening(metricsServer, env.METRICS_PORT!, env.HOST);
  log.info({ metricsPort }, `metrics on http://${env.HOST}:${metricsPort}/metrics`);
} else log.info({ metrics: serveMetrics ? 'on /metrics (bearer token)' : 'off' }, 'metrics');
log.info({ port, dev, provider, adapter: redis ? 'redis' : 'in-process' }, `listening on http://localhost:${port}`);
const boundHttpsPort = httpsServer
  ? await listening(httpsServer, httpsPort, env.HOST).catch((err: Error) => {
      log.warn({ err: err.message, httpsPort }, 'the HTTPS port for phones could not be opened (HTTPS_PORT=0 turns it off)');
      return null;
    })
  : null;
if (boundHttpsPort) log.info({ httpsPort: boundHttpsPort }, `HTTPS (self-signed, for trying it on a phone) on https://localhost:${boundHttpsPort}`);

/** The demo crowd has had a first answer for every demo agent (or took too long): how many sat down. */
let seated: Promise<string | undefined> = Promise.resolve(undefined);
if (demoOn) {
  demoCrowd = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo-crowd.ts'], {
    env: { ...process.env, DEMO_URL: env.DEMO_URL ?? `http://127.0.0.1:${port}`, IDLE_AWAY_MS: String(env.IDLE_AWAY_MS), PRESENCE_GRACE_MS: String(env.PRESENCE_GRACE_MS) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  log.info('demo crowd started: the seeded online demo agents keep consoles open (DEMO_AGENTS=0 to turn it off)');
  // Only the test-only roster reset (TEST_SEED_API=1) asks the crowd to bring back consoles that went quiet;
  // its code (test/seed) is loaded only then.
  if (env.TEST_SEED_API === '1') {
    import('./test/seed/demo-roster.ts')
      .then(({ linkDemoCrowd }) => linkDemoCrowd({ rejoin: (handles) => demoCrowd?.connected && demoCrowd.send({ type: 'rejoin', handles }) }))
      .catch((err) => log.error({ err }, 'could not link the demo crowd to the test-only roster reset'));
  }
  const crowd = demoCrowd;
  seated = new Promise((resolve) => {
    const timer = setTimeout(() => resolve('still signing in (they keep trying)'), 60_000);
    timer.unref();
    crowd.on('message', (m: { type?: string; seated?: number; of?: number }) => {
      if (m?.type !== 'seated') return;
      clearTimeout(timer);
      resolve(`${m.seated} of ${m.of} demo agents at their consoles`);
    });
    crowd.once('exit', () => resolve('the demo crowd stopped'));
  });
}

// "Ready" only once the demo agents are seated: a newcomer who opens the page then finds them online.
void seated.then(async (demo) => {
  const facts = { port, httpsPort: boundHttpsPort, lan: lanAddresses(), demo, certPath: boundHttpsPort ? path.relative(process.cwd(), path.join(tlsDir, 'cert.pem')) : undefined };
  log.info({ urls: readyUrls(facts), demo }, 'ready');
  if (!closing) process.stdout.write(await readyBanner(facts));
});

/**
 * SIGTERM: stop taking work, finish what was accepted, hand the sockets to another instance.
 * 1. not ready (the balancer stops sending here) and no new connections;
 * 2. the sweeper finishes its tick and gives up leadership (another instance takes over);
 * 3. in-flight HTTP requests are answered (up to SHUTDOWN_TIMEOUT_MS), each closing its connection;
 * 4. sockets are closed at the transport, so clients reconnect — through the balancer, elsewhere —
 *    and get what is pending there (alerts come from the database, not from this process's memory);
 * 5. this instance's remaining connection rows are handed over (presence grace starts for its
 *    agents who did not reconnect elsewhere); adapter, Redis and database connections close.
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
  // Kept-alive connections would bring new requests after "idle", even while the database closes:
  // every answer from now on closes its connection, so the next request goes to another instance.
  inFlight.drain();
  httpServer.close();
  httpServer.closeIdleConnections();
  httpsServer?.close();
  httpsServer?.closeIdleConnections();
  metricsServer?.close();
  metricsServer?.closeAllConnections();
  demoCrowd?.kill();
  jobs.stop();
  stopFollowingSubscribers();
  await sweeper.stop();
  await webhooks.idle();
  await leadership.release();
  const finished = await inFlight.idle(env.SHUTDOWN_TIMEOUT_MS);
  if (!finished) log.warn({ inFlight: inFlight.count() }, 'requests still running at the shutdown deadline');
  httpServer.closeIdleConnections();
  io.engine.close();
  // Let disconnect handlers (presence) run while the adapter and database are still there.
  await new Promise((r) => setTimeout(r, 200));
  httpServer.closeIdleConnections();
  await Promise.race([io.close(), new Promise((r) => setTimeout(r, 2000))]);
  await retireInstance({ db, instanceId }).catch((err) => log.error({ err }, 'could not hand over connections'));
  await redis?.close();
  // Last: requests still answered above were served from it. Its look-ups stop before the database closes.
  stopFollowingSessions();
  await db.$disconnect();
  log.info({ ms: Date.now() - started }, 'shut down cleanly');
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
