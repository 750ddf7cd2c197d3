// One process, one port: Next.js pages and API routes plus Socket.IO. Wiring only.
import crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import next from 'next';
import { getEnv } from './lib/env.ts';
import { log } from './lib/log.ts';
import { resolveSessionSecret } from './lib/auth/session.ts';
import { applyMigrations } from './lib/db/migrate.ts';
import { getDatabaseUrl, getDb } from './lib/db/client.ts';
import { createRealtimeServer } from './lib/realtime/server.ts';
import { setNotifier } from './lib/requests/notifier.ts';
import { startSweeper } from './lib/realtime/sweeper.ts';
import { beatInstance, retireInstance } from './lib/agents/presence.ts';
import { createMailer } from './lib/mail/mailer.ts';
import { withAnswerMail } from './lib/mail/answer-mail.ts';
import { loadVapidKeys } from './lib/push/vapid.ts';
import { createPushSender } from './lib/push/send-push.ts';
import { withPush } from './lib/push/push-notifier.ts';

process.env.NEXT_TELEMETRY_DISABLED ??= '1';
process.env.CHECKPOINT_DISABLE ??= '1';
// Route handlers run in this process but in their own bundle: they read the secret from the env.
process.env.SESSION_SECRET = resolveSessionSecret();

const env = getEnv();
const dev = env.NODE_ENV !== 'production';

const migrations = await applyMigrations({ url: getDatabaseUrl() });
if (migrations.applied.length) log.info({ applied: migrations.applied }, 'migrations applied');

const db = getDb();
const app = next({ dev, hostname: env.HOST, port: env.PORT });
const handle = app.getRequestHandler();
await app.prepare();

const httpServer = http.createServer((req, res) => {
  handle(req, res).catch((err) => {
    log.error({ err, url: req.url }, 'request failed');
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' } }));
  });
});

// Connections are recorded per instance: when this one stops (or dies and its heartbeat goes stale),
// its agents get the usual grace period to reconnect elsewhere.
const instanceId = `${process.pid}-${crypto.randomUUID().slice(0, 8)}`;
const mailer = createMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM });
// Made on first start and kept in the database: every instance signs pushes with the same pair.
const pushSender = createPushSender({ db, keys: await loadVapidKeys(db), subject: env.VAPID_SUBJECT });
let sweepMail: () => Promise<number> = async () => 0;
const { io, notifier, resendUndelivered } = createRealtimeServer({
  httpServer,
  db,
  instanceId,
  maxHops: env.MAX_HOPS,
  // People who are not in the app are reached by e-mail (lib/mail/answer-mail.ts) and Web Push (lib/push/push-notifier.ts).
  decorate: (base, { isCustomerLive }) => {
    const appUrl = env.APP_URL ?? `http://localhost:${env.PORT}`;
    const reach = withAnswerMail(base, { db, mailer, isCustomerLive, appUrl: appUrl.replace(/\/$/, ''), windowMs: env.MAIL_WINDOW_MS });
    sweepMail = reach.sweep;
    return withPush(reach.notifier, { db, sender: pushSender, isCustomerLive });
  },
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
  callbackLeadMs: env.CALLBACK_REMINDER_LEAD_MS,
  jobs: [() => sweepMail()],
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
