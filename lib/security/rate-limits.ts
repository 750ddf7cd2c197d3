import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../errors.ts';
import { countRefusal } from '../ops/metrics.ts';

/**
 * Every throttle in one table: how many calls per window, keyed by address (ip) or by session.
 * Defaults suit one person on a phone with room to spare; each can be set by its env variable
 * (e.g. RATE_LIMIT_MATCHES_SESSION=60), and RATE_LIMIT_MULTIPLIER scales them all — a load test from
 * one address raises them without turning them off. Counters live in memory, or in Redis when
 * REDIS_URL is set, so several instances share them.
 */
export const LIMITS = {
  // Every /api call from one address, refused before Next routes it (lib/http/node-guard.ts): a flood
  // costs the server almost nothing per call, so other clients keep their latency.
  api_ip: { points: 600, seconds: 10 },
  // Sign-in: every try costs a scrypt, so an address gets few; failures count per account and address.
  login_ip: { points: 20, seconds: 60 },
  login_fail_account_ip: { points: 5, seconds: 15 * 60 },
  // Failures for one account from anywhere: past this, tries for that account are spaced (slow-down),
  // never refused for long, so an attacker cannot lock the real agent out.
  login_fail_account: { points: 30, seconds: 15 * 60 },
  login_account_spacing: { points: 1, seconds: 2 },
  // Becoming a customer: throw-away identities from one address are what filled an agent's places.
  customer_create_ip: { points: 20, seconds: 3600 },
  customer_update_session: { points: 30, seconds: 3600 },
  matches_session: { points: 30, seconds: 60 },
  matches_ip: { points: 120, seconds: 60 },
  skips_session: { points: 60, seconds: 60 },
  skips_ip: { points: 240, seconds: 60 },
  choose_session: { points: 10, seconds: 60 },
  // New bindings from one address per hour: the guard against fake customers filling an agent's capacity.
  choose_ip: { points: 20, seconds: 3600 },
  requests_session: { points: 10, seconds: 60 },
  requests_ip: { points: 60, seconds: 60 },
  covers_session: { points: 10, seconds: 60 },
  covers_ip: { points: 60, seconds: 60 },
  password_session: { points: 5, seconds: 15 * 60 },
  // A customer's messages on their requests' threads: a person types a few a minute.
  messages_session: { points: 30, seconds: 60 },
  messages_ip: { points: 120, seconds: 60 },
  // Booking, moving and cancelling callbacks (each one can alert the agent).
  callbacks_session: { points: 10, seconds: 60 },
  callbacks_ip: { points: 60, seconds: 60 },
  // Delivery and read marks the customer's app reports as the agent's words arrive and are shown
  // (each can reach the agent's consoles); an open thread sends a few a minute.
  read_marks_session: { points: 120, seconds: 60 },
  // Ratings given or changed.
  ratings_session: { points: 20, seconds: 60 },
  // Settings saved and push subscriptions added or removed (customers and agents).
  settings_session: { points: 30, seconds: 60 },
  // A customer signing a device out, or erasing their data: a person does it a few times, ever.
  devices_session: { points: 20, seconds: 60 },
  // Downloading "my data" reads everything stored about the customer: a few a day is plenty.
  exports_session: { points: 10, seconds: 3600 },
  exports_ip: { points: 60, seconds: 3600 },
  // Issue 25: handoff codes made by one customer, and codes tried from one address (guessing is hopeless
  // at 256 bits; this keeps a scanner cheap); sign-in links asked for per address and per e-mail address.
  handoff_session: { points: 10, seconds: 600 },
  handoff_redeem_ip: { points: 30, seconds: 600 },
  signin_link_ip: { points: 10, seconds: 3600 },
  signin_link_email: { points: 3, seconds: 3600 },
  // Issue 29: each API token of the shop's servers (/api/v1), keyed by the token's hash: a runaway
  // sync job slows itself down, not the app nor the shop's other tokens.
  api_token: { points: 600, seconds: 60 },
  // Issue 30: files sent by a customer (each is decoded and encoded again: ~0.1–0.5 s of CPU). Five
  // pictures at once and a few more; the day's quota (lib/uploads) bounds the total.
  uploads_session: { points: 20, seconds: 60 },
  uploads_ip: { points: 60, seconds: 60 },
} as const;

export type LimitName = keyof typeof LIMITS;

/** Most open (not yet resolved) requests one customer may have; a new one waits for an answer. */
export const MAX_OPEN_REQUESTS_DEFAULT = 10;

const envName = (name: string) => `RATE_LIMIT_${name.toUpperCase()}`;

export const multiplier = (env: NodeJS.ProcessEnv = process.env): number => {
  const m = Number(env.RATE_LIMIT_MULTIPLIER ?? 1);
  return Number.isFinite(m) && m > 0 ? m : 1;
};

/** The configured points of a limit: its env override or default, times the multiplier (at least 1). */
export const pointsOf = (name: LimitName, env: NodeJS.ProcessEnv = process.env): number => {
  const own = Number(env[envName(name)]);
  const base = Number.isFinite(own) && own > 0 ? own : LIMITS[name].points;
  return Math.max(1, Math.round(base * multiplier(env)));
};

export const maxOpenRequests = (env: NodeJS.ProcessEnv = process.env): number => {
  const own = Number(env.MAX_OPEN_REQUESTS_PER_CUSTOMER);
  return Math.max(1, Math.round((Number.isFinite(own) && own > 0 ? own : MAX_OPEN_REQUESTS_DEFAULT) * multiplier(env)));
};

export type Limits = {
  /** counts one call; throws 429 rate_limited with Retry-After when over */
  consume: (name: LimitName, key: string, opts?: { message?: string }) => Promise<void>;
  /** counts one without refusing (a failure that adds to a later refusal) */
  penalize: (name: LimitName, key: string) => Promise<void>;
  /** throws 429 when the key is already at its limit; counts nothing */
  assertNotOver: (name: LimitName, key: string, opts?: { message?: string }) => Promise<void>;
  /** whether the key is at its limit (counts nothing) */
  isOver: (name: LimitName, key: string) => Promise<boolean>;
  reset: (name: LimitName, key: string) => Promise<void>;
};

/** A refusal, counted by the limit that made it (http_refusals_total{status="429"}). */
const tooMany = (name: LimitName, ms: number, message?: string) => {
  countRefusal(429, name);
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return new AppError('rate_limited', message ?? `Too many tries. Please wait ${seconds} s and try again.`, 'rate', { 'retry-after': String(seconds) });
};

/**
 * Builds the limiters once; `redis` is a connected ioredis client when counters are shared, and
 * `keyPrefix` keeps apps (or test runs) sharing one Redis apart (REDIS_KEY_PREFIX).
 */
export const createLimits = (opts: { env?: NodeJS.ProcessEnv; redis?: unknown; keyPrefix?: string } = {}): Limits => {
  const env = opts.env ?? process.env;
  const limiters = new Map<LimitName, RateLimiterAbstract>();
  const limiter = (name: LimitName) => {
    let l = limiters.get(name);
    if (!l) {
      const common = { keyPrefix: `${opts.keyPrefix ? `${opts.keyPrefix}:` : ''}rl:${name}`, points: pointsOf(name, env), duration: LIMITS[name].seconds };
      // When Redis does not answer (an outage, or this instance closing its connection on shutdown),
      // the counts go on in this process's memory (the library's insurance limiter): still limited,
      // per instance, rather than every API call failing with a 500.
      l = opts.redis
        ? new RateLimiterRedis({ ...common, storeClient: opts.redis, insuranceLimiter: new RateLimiterMemory(common) })
        : new RateLimiterMemory(common);
      limiters.set(name, l);
    }
    return l;
  };
  return {
    consume: async (name, key, o) => {
      try {
        await limiter(name).consume(key);
      } catch (err) {
        // Duck-typed too: a bundled copy of the library would fail instanceof.
        if (err instanceof RateLimiterRes || (err && typeof err === 'object' && 'msBeforeNext' in err && !(err instanceof Error))) {
          throw tooMany(name, (err as RateLimiterRes).msBeforeNext, o?.message);
        }
        throw err; // the store and its insurance failed: surfaces as a logged 500, never a silent pass
      }
    },
    penalize: async (name, key) => {
      await limiter(name).penalty(key, 1);
    },
    assertNotOver: async (name, key, o) => {
      const r = await limiter(name).get(key);
      if (r && r.consumedPoints >= pointsOf(name, env)) throw tooMany(name, r.msBeforeNext, o?.message);
    },
    isOver: async (name, key) => {
      const r = await limiter(name).get(key);
      return Boolean(r && r.consumedPoints >= pointsOf(name, env));
    },
    reset: async (name, key) => {
      await limiter(name).delete(key);
    },
  };
};

// One set per process: route handlers are bundled apart from server.ts (see docs/decisions.md).
const holder = globalThis as unknown as { __limits?: Limits };

export const setLimits = (l: Limits): void => {
  holder.__limits = l;
};

export const getLimits = (): Limits => (holder.__limits ??= createLimits());
