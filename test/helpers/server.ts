import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { applyMigrations } from '../../lib/db/migrate.ts';
import { createDb, providerOf, type Db } from '../../lib/db/client.ts';
import { ensureServerBundle, SERVER_BUNDLE } from '../../scripts/build-server.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The session secret every test server signs with (a test can derive what the server derives from it). */
export const TEST_SESSION_SECRET = 'integration-test-secret-0123456789';

export type RunningServer = {
  url: string;
  port: number;
  /** the server's process id (e.g. to read its memory from /proc) */
  pid: number;
  db: Db;
  /** the database this server uses; pass it to another startServer for a second instance or a restart */
  dbUrl: string;
  /** SQLite: the folder of the file; PostgreSQL: a scratch folder */
  dir: string;
  logs: string[];
  /** SIGTERM, wait, remove the database (unless keepDb) */
  stop: (opts?: { keepDb?: boolean }) => Promise<void>;
  /** SIGKILL: the process dies mid-flight, nothing cleaned up */
  kill: () => Promise<void>;
  /** SIGTERM, and resolves with the exit code once the process has shut down (database kept) */
  terminate: () => Promise<number | null>;
};

/** The project this test runs in (vitest `provide`); outside vitest (benchmarks) it is SQLite. */
const services = async (): Promise<{ provider: 'sqlite' | 'postgres'; redisUrl?: string }> => {
  if (!process.env.VITEST) return { provider: 'sqlite' };
  const { inject } = await import('vitest');
  return inject('dbProvider') === 'postgres' ? { provider: 'postgres', redisUrl: inject('redisUrl') } : { provider: 'sqlite' };
};

/** A fresh database for one test, built by the server's own start-up migrations. */
const freshDatabase = async (dir: string): Promise<{ url: string; drop: () => Promise<void> }> => {
  if ((await services()).provider === 'postgres') {
    const { createPgDatabase } = await import('./pg.ts');
    return createPgDatabase();
  }
  return { url: `file:${path.join(dir, 'app.db')}`, drop: async () => {} };
};

const owned = new Map<string, () => Promise<void>>(); // dbUrl → drop, for databases this helper created

/**
 * Starts the real server (server.ts, production build of Next) on a free port. With no `dbUrl`, a
 * fresh database (SQLite file, or a new PostgreSQL database in the postgres project) built only by
 * the committed migrations; with one, another instance (or a restart) on that database. In the
 * postgres project every instance also gets the test Redis (REDIS_URL) under a key of its database.
 * Needs `npm run build` first.
 */
let serverBundle: Promise<void> | null = null;

export const startServer = async (opts: { env?: Record<string, string>; dir?: string; dbUrl?: string; nodeArgs?: string[] } = {}): Promise<RunningServer> => {
  if (!fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
    throw new Error('No production build: run `npm run build` before the integration tests (npm test does).');
  }
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ea-it-'));
  let dbUrl = opts.dbUrl ?? (opts.dir ? `file:${path.join(dir, 'app.db')}` : undefined);
  if (!dbUrl) {
    const fresh = await freshDatabase(dir);
    dbUrl = fresh.url;
    owned.set(dbUrl, fresh.drop);
    if (providerOf(dbUrl) === 'sqlite') await applyMigrations({ url: dbUrl });
  }
  const { redisUrl } = await services();
  const redisEnv: Record<string, string> =
    providerOf(dbUrl) === 'postgres' && redisUrl
      ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `it-${crypto.createHash('sha1').update(dbUrl).digest('hex').slice(0, 10)}` }
      : {};
  // The compiled server production runs (scripts/build-server.ts), made again first if a source changed.
  await (serverBundle ??= ensureServerBundle(ROOT));
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', ...(opts.nodeArgs ?? []), SERVER_BUNDLE], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: dbUrl,
      SESSION_SECRET: TEST_SESSION_SECRET,
      NEXT_TELEMETRY_DISABLED: '1',
      LOG_LEVEL: 'info',
      // Every test client calls from 127.0.0.1: raise the throttles (not off) so journeys of many
      // customers fit; test/integration/throttles.test.ts runs them at 1.
      RATE_LIMIT_MULTIPLIER: '20',
      // Throttled calls are answered at once here (tests count hundreds of refusals one after another);
      // the hold before a 429 has its unit test (lib/http/node-guard.test.ts) and bench:flood runs it.
      THROTTLE_DELAY_MS: '0',
      // Scores are set by each test; a scheduled recompute must not change them halfway through.
      CAPABILITY_SCHEDULE: 'off',
      DATABASE_POOL_MAX: '5',
      // Several servers and the tests share two cores: the event loop lags for reasons that are not
      // this server's load. Shedding on that delay has unit tests (lib/http/admission.test.ts) and
      // bench:alerts turns it on; overload is tested through MAX_IN_FLIGHT (overload.test.ts) and the
      // wait budget (burst.test.ts, which also runs with this guard at its production default).
      MAX_EVENT_LOOP_DELAY_MS: '0',
      ...redisEnv,
      // Presence comes from the test's own sockets, never from the demo crowd.
      DEMO_AGENTS: '0',
      // Many test servers run at once: no fixed HTTPS port (test/integration/newcomer.test.ts opens one).
      HTTPS_PORT: '0',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${logs.join('')}`)), 60_000);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      logs.push(text);
      const m = text.match(/"port":(\d+)[^\n]*listening on/);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => logs.push(c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${logs.join('')}`));
    });
  });
  const db = createDb(dbUrl);
  const url = dbUrl;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    db,
    dbUrl,
    dir,
    logs,
    stop: async (o = {}) => {
      await db.$disconnect();
      if (alive()) {
        child.kill('SIGTERM');
        await exited;
      }
      if (!o.keepDb) {
        fs.rmSync(dir, { recursive: true, force: true });
        const drop = owned.get(url);
        owned.delete(url);
        await drop?.();
      }
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
      await db.$disconnect();
    },
    terminate: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
};

/** A tiny HTTP client that keeps its cookies, like one browser (base may change, e.g. after a restart). */
export const createClient = (baseUrl: string | (() => string)) => {
  const base = () => (typeof baseUrl === 'string' ? baseUrl : baseUrl());
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const request = async (method: string, p: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(base() + p, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(jar.size ? { cookie: cookieHeader() } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    const json = (await res.json().catch(() => null)) as any;
    return { status: res.status, json, headers: res.headers };
  };
  return {
    get: (p: string, headers?: Record<string, string>) => request('GET', p, undefined, headers),
    post: (p: string, body?: unknown, headers?: Record<string, string>) => request('POST', p, body, headers),
    put: (p: string, body?: unknown, headers?: Record<string, string>) => request('PUT', p, body, headers),
    patch: (p: string, body?: unknown, headers?: Record<string, string>) => request('PATCH', p, body, headers),
    delete: (p: string, headers?: Record<string, string>) => request('DELETE', p, undefined, headers),
    cookieHeader,
  };
};

/** The last connect_error of each socket, so `connected()` also sees one that came before it was called. */
const connectErrors = new WeakMap<Socket, Error>();

export const connectSocket = (base: string, opts: { cookie?: string; token?: string; visitor?: boolean } = {}): Socket => {
  const socket = connect(base, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(opts.cookie ? { extraHeaders: { cookie: opts.cookie } } : {}),
    ...(opts.token ? { auth: { token: opts.token } } : opts.visitor ? { auth: { visitor: true } } : {}),
  });
  socket.on('connect_error', (err) => connectErrors.set(socket, err));
  return socket;
};

/**
 * Resolves once `socket` is connected; rejects with its connect_error — also one that happened before
 * this was called (a refused socket fails fast, often while the test still awaits others) — or after
 * `timeoutMs`.
 */
export const connected = (socket: Socket, timeoutMs = 10_000): Promise<void> =>
  new Promise((resolve, reject) => {
    if (socket.connected) return resolve();
    const earlier = connectErrors.get(socket);
    if (earlier) return reject(earlier); // sockets here never reconnect: an earlier error is final
    const timer = setTimeout(() => reject(new Error(`socket did not connect within ${timeoutMs} ms`)), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });

/** emitWithAck that fails clearly instead of waiting forever for an answer. */
export const ask = <T = any>(socket: Socket, event: string, body: unknown, timeoutMs = 10_000): Promise<T> =>
  socket.timeout(timeoutMs).emitWithAck(event, body) as Promise<T>;

/** On a failed test, show what the server logged: the only trace of a problem inside it. */
export const printLogsOnFailure = (getServer: () => RunningServer | undefined) => (ctx: { task: { result?: { state?: string } } }) => {
  if (ctx.task.result?.state === 'fail') console.error(`--- server log ---\n${getServer()?.logs.join('') ?? '(no server)'}`);
};

/** Polls until `check` returns a truthy value: for state with no event of its own (e.g. a status the sweeper writes). */
export const eventually = async <T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 10_000, everyMs = 50): Promise<T> => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
};

/** Resolves with the next event of that name (with a timeout so a missing event fails the test clearly). */
export const nextEvent = <T = any>(socket: Socket, event: string, timeoutMs = 5000): Promise<T> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T, ack?: (v: boolean) => void) => {
      clearTimeout(timer);
      ack?.(true);
      resolve(payload);
    });
  });

/** Resolves with the first event of that name whose payload passes `where` (others are let by). */
export const nextEventWhere = <T = any>(socket: Socket, event: string, where: (payload: T) => boolean, timeoutMs = 5000): Promise<T> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, on);
      reject(new Error(`no matching ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const on = (payload: T) => {
      if (!where(payload)) return;
      clearTimeout(timer);
      socket.off(event, on);
      resolve(payload);
    };
    socket.on(event, on);
  });

/** A port nothing listens on right now (for a server that must be told its port before it starts). */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
