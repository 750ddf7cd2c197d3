import { z } from 'zod';

/** How long a throttled call waits for its 429 unless THROTTLE_DELAY_MS says otherwise (lib/http/node-guard.ts createTarpit). */
export const THROTTLE_DELAY_DEFAULT_MS = 500;

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().min(1).default('file:./data/app.db'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  // Signs session cookies and agent tokens. Several instances must share one value.
  SESSION_SECRET: z.string().min(16).optional(),
  // Presence and delivery timings (issue #5, #6); tests shorten them.
  PRESENCE_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  IDLE_AWAY_MS: z.coerce.number().int().min(1000).default(15 * 60_000),
  ACCEPT_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60_000),
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(2_000),
  // Security (issue 13): extra origins allowed to call the API / open sockets (comma list);
  // TRUST_PROXY=1 takes the client address from the last X-Forwarded-For hop (only behind your proxy).
  ALLOWED_ORIGINS: z.string().optional(),
  TRUST_PROXY: z.enum(['0', '1']).default('0'),
  // How often open sockets' sessions are re-checked (a sign-out elsewhere closes them within this).
  SESSION_RECHECK_MS: z.coerce.number().int().min(100).default(5_000),
  // How often each instance asks which sessions were revoked (lib/credentials/session-cache.ts): a sign-out
  // elsewhere ends a session kept in this instance within about this; kept sessions are trusted for twice it.
  SESSION_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(500),
  /** how often each instance reads who has push subscriptions (another instance's new subscription counts after this at most) */
  PUSH_SUBSCRIBERS_REFRESH_MS: z.coerce.number().int().min(100).default(10_000),
  // Throttles (lib/security/rate-limits.ts): one factor scales every limit; RATE_LIMIT_<NAME> sets one.
  RATE_LIMIT_MULTIPLIER: z.coerce.number().positive().default(1),
  // /api calls of one address inside the server at once (times the multiplier); more → 429 at once.
  API_CONCURRENCY_PER_IP: z.coerce.number().int().positive().default(8),
  // A throttled call waits this long for its 429 (lib/http/node-guard.ts createTarpit); 0: at once.
  THROTTLE_DELAY_MS: z.coerce.number().int().min(0).max(10_000).default(THROTTLE_DELAY_DEFAULT_MS),
  MAX_OPEN_REQUESTS_PER_CUSTOMER: z.coerce.number().int().positive().default(10),
  // Issue 14: gifts a customer may send in any 24 h; job schedules (cron, or "off"); the roster to sync.
  GIFTS_PER_DAY: z.coerce.number().int().min(1).default(10),
  CAPABILITY_SCHEDULE: z.string().default('*/5 * * * *'),
  ROSTER_SCHEDULE: z.string().default('0 * * * *'),
  ROSTER_SOURCE: z.string().optional(),
  // How many times one request may move to another agent (timeout, decline, help now) before it waits for its own.
  MAX_HOPS: z.coerce.number().int().min(0).max(20).default(3),
  // Admission (lib/http/admission.ts, issue 27): API calls running + waiting for their turn at once; past
  // it a call is refused with 503 + Retry-After at once.
  MAX_IN_FLIGHT: z.coerce.number().int().min(1).default(128),
  // API calls whose handlers run at once; the next ones wait in line (one process: more only share the CPU).
  API_CONCURRENCY: z.coerce.number().int().min(1).default(16),
  // A call whose wait for its turn (estimated on arrival, or real) would pass this is refused (503 + Retry-After).
  ADMISSION_WAIT_BUDGET_MS: z.coerce.number().int().min(1).default(1000),
  // …and every call while the event loop stays behind by more than this, in ms; 0 = off. Default: the budget.
  MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).optional(),
  // Warm-up is not overload: for this long after listening, only MAX_IN_FLIGHT refuses calls.
  WARMUP_MS: z.coerce.number().int().min(0).default(20_000),
  // The demo crowd (scripts/demo-crowd.ts): on by default with the embedded SQLite database, off with PostgreSQL.
  DEMO_AGENTS: z.enum(['0', '1']).optional(),
  // Issue 25: the shop signs its user's identity (a short-lived JWT): HS256 with this shared secret
  // (at least 32 bytes) and/or RS256/ES256 with the shop's public keys at this JWKS address.
  IDENTITY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  IDENTITY_JWKS_URL: z.url().optional(),
  IDENTITY_ISSUER: z.string().min(1).optional(),
  IDENTITY_AUDIENCE: z.string().min(1).optional(),
  // Where the demo crowd reaches this server (default: this process on 127.0.0.1), e.g. through a proxy.
  DEMO_URL: z.url().optional(),
  // Try it on a phone (lib/ops/dev-tls.ts): HTTPS with a self-signed certificate kept under data/tls;
  // default 3443 with the embedded database, off (0) with PostgreSQL, where the proxy's TLS is the way.
  HTTPS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  // The e2e server's own test-only seeding API (/api/test/*, test/seed): answers 404 unless this is 1.
  // Never set it in production: it makes agents with a known password.
  TEST_SEED_API: z.enum(['0', '1']).default('0'),
  // `npm run bench:web`'s floor page, /bare (scripts/bench/bare-page.tsx): 404 unless this is 1.
  BENCH_PAGES: z.enum(['0', '1']).default('0'),
  // Several instances: Socket.IO events cross them through this Redis (docs/deploy.md), and the
  // throttle counters are shared there too.
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  /** Channel prefix in Redis, so several apps (or test runs) can share one Redis. */
  REDIS_KEY_PREFIX: z.string().min(1).default('socket.io'),
  /** Names this process in logs and /api/ready; default host-pid-random. */
  INSTANCE_ID: z.string().min(1).optional(),
  /** How long SIGTERM waits for in-flight HTTP requests before closing anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  // How long before a booked callback the agent is reminded (issue #17); e2e shortens the wait by lengthening it.
  CALLBACK_REMINDER_LEAD_MS: z.coerce.number().int().min(0).default(5 * 60_000),
  // E-mail to customers who are not in the app (issue #17): none when SMTP_URL is unset.
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().min(3).optional(),
  // The app's public address, for links in mails and notifications (default: this server on localhost).
  APP_URL: z.url().optional(),
  // Who runs this push sender (Web Push asks for a contact): a mailto: or https: URL.
  VAPID_SUBJECT: z.string().regex(/^(mailto:|https:\/\/)/, 'must start with mailto: or https://').default('mailto:support@example.com'),
  MAIL_WINDOW_MS: z.coerce.number().int().min(0).default(10 * 60_000),
  // Issue 29: webhook URLs must be https:// and public unless these say otherwise (local tests only).
  WEBHOOKS_ALLOW_HTTP: z.enum(['0', '1']).default('0'),
  WEBHOOKS_ALLOW_PRIVATE: z.enum(['0', '1']).default('0'),
  /** how long a webhook endpoint has to answer */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /** the first retry's delay, doubling from there (at most 30 s: the first retry comes within 30 s) */
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(50).max(24_000).default(10_000),
  // Issue 29: GET /metrics (Prometheus) answers only `Authorization: Bearer <METRICS_TOKEN>`; with
  // METRICS_PORT it is served on that port only (bound to HOST; the token is then asked for only if set).
  // Neither set: /metrics is off (404).
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** Validated environment; throws a readable message naming the bad variable. */
export const getEnv = (): Env => {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${issues}`);
  }
  cached = parsed.data;
  return cached;
};
