import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_BODY_BYTES, MAX_UPLOAD_BODY_BYTES, UPLOAD_PATH } from './route.ts';
import { getLimits } from '../security/rate-limits.ts';
import { isAppError } from '../errors.ts';
import { COOKIE, readCookie } from '../credentials/session.ts';
import { precheck, sessionKeyOf, throttledCallOf } from '../security/throttle.ts';
import { credentialOf } from './credential.ts';
import { countRefusal } from '../ops/metrics.ts';

/**
 * Checks made on the raw Node request before Next sees it, for what Next itself answers badly:
 * a path with a malformed escape (`/api/matches/%ZZ`) made Next throw a 500 in text/plain.
 * Returns true when it answered.
 */
export const guardRequest = (req: IncomingMessage, res: ServerResponse): boolean => {
  // The address throttles key on: the peer, or behind a trusted proxy the hop it appended. A value
  // the client sent itself is never believed.
  req.headers['x-client-ip'] = clientIp(req);
  const url = req.url ?? '/';
  const path = url.split('?')[0]!;
  const isApi = path.startsWith('/api/') || path === '/api';
  // API answers are a few hundred bytes of JSON: gzip cost more than it saved — a zlib stream per answer,
  // ~0.3 ms of CPU and native memory each (issue 27's profile of POST /api/matches). Pages, scripts and
  // styles stay compressed by Next.
  if (isApi) delete req.headers['accept-encoding'];
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    answer(res, 400, isApi, { code: 'invalid_input', message: 'The address contains a malformed escape (%).', field: 'path' });
    return true;
  }
  // Next would answer these with a 308 to the normalised address; an API address has one plain form.
  if (isApi && (/(^|\/)\.{1,2}(\/|$)/.test(decoded) || decoded.includes('//') || decoded.endsWith('/') || decoded.includes('\\'))) {
    answer(res, 400, true, { code: 'invalid_input', message: 'The address is not in its plain form (no ., .., // or trailing /).', field: 'path' });
    return true;
  }
  // An announced body over the limit is refused before a byte of it is read.
  // A file (issue 30) may be larger: up to 10 MB, the form around it, and a little over so that an 11 MB
  // file is answered by the upload route itself (413 naming the field) once it has read 10 MB of it.
  const upload = path === UPLOAD_PATH && req.method === 'POST';
  const length = Number(req.headers['content-length'] ?? 0);
  if (isApi && !upload && length > MAX_BODY_BYTES) {
    answer(res, 413, true, { code: 'payload_too_large', message: 'The request is too large.', field: 'body' });
    return true;
  }
  if (upload && length > MAX_UPLOAD_BODY_BYTES + 2 * 1024 * 1024) {
    answer(res, 413, true, { code: 'file_too_large', message: 'The file is too large: 10 MB at most.', field: 'file' });
    return true;
  }
  return false;
};

/** Liveness and readiness checks: a load balancer or monitor polling them is never throttled. */
const isProbe = (path: string) => path === '/api/health' || path === '/api/ready';

/**
 * The per-address budget for all /api calls, checked before Next sees the request (the probes
 * excepted, so a monitor behind the same address is never refused). Resolves true when it answered 429.
 */
export const throttleApi = async (req: IncomingMessage, res: ServerResponse, hold: Tarpit = noTarpit): Promise<boolean> => {
  const path = (req.url ?? '/').split('?')[0]!;
  if (!path.startsWith('/api/') || isProbe(path)) return false;
  try {
    const ip = String(req.headers['x-client-ip']);
    await getLimits().consume('api_ip', ip, { message: 'Too many requests from your network. Please wait a moment.' });
    const cookie = (n: string) => readCookie(req.headers.cookie, n);
    const what = throttledCallOf(req.method ?? 'GET', path, Boolean(cookie(COOKIE.customer)));
    if (what) await precheck(what, { ip, session: sessionKeyOf(credentialOf({ get: (n) => (req.headers[n] as string | undefined) ?? null }, cookie)) });
    return false;
  } catch (err) {
    if (!isAppError(err)) throw err;
    const body = JSON.stringify({ error: { code: err.code, message: err.message, field: err.field } });
    hold(String(req.headers['x-client-ip']), res, () => {
      res.writeHead(429, { 'content-type': 'application/json', 'cache-control': 'no-store', 'retry-after': err.headers?.['retry-after'] ?? '1' });
      res.end(body);
    });
    return true;
  }
};

/**
 * At most API_CONCURRENCY_PER_IP /api calls of one address in the server at once (times
 * RATE_LIMIT_MULTIPLIER): the rest are refused at once with 429, before any work. A flooding client
 * then holds a bounded share of the server, however many connections it opens. Per process.
 */
export const createConcurrencyGate = (env: NodeJS.ProcessEnv = process.env, hold: Tarpit = noTarpit) => {
  const base = Number(env.API_CONCURRENCY_PER_IP ?? 8);
  const factor = Number(env.RATE_LIMIT_MULTIPLIER ?? 1);
  const max = Math.max(1, Math.round((Number.isFinite(base) && base > 0 ? base : 8) * (Number.isFinite(factor) && factor > 0 ? factor : 1)));
  const inFlight = new Map<string, number>();
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (!path.startsWith('/api/') || isProbe(path)) return false;
    const ip = String(req.headers['x-client-ip']);
    const now = inFlight.get(ip) ?? 0;
    if (now >= max) {
      countRefusal(429, 'api_concurrency_ip');
      hold(ip, res, () => {
        res.writeHead(429, { 'content-type': 'application/json', 'cache-control': 'no-store', 'retry-after': '1', connection: 'close' });
        res.end(JSON.stringify({ error: { code: 'rate_limited', message: 'Too many requests at once from your network. Please wait a moment.', field: 'rate' } }));
      });
      return true;
    }
    inFlight.set(ip, now + 1);
    res.once('close', () => {
      const left = (inFlight.get(ip) ?? 1) - 1;
      if (left <= 0) inFlight.delete(ip);
      else inFlight.set(ip, left);
    });
    return false;
  };
};

/** Answers a refused call: now, or after a pause (see createTarpit). */
export type Tarpit = (ip: string, res: ServerResponse, send: () => void) => void;
const noTarpit: Tarpit = (_ip, _res, send) => send();

/**
 * Holds a throttled call for `delayMs` before its 429 is sent. A client that keeps N calls in flight
 * (the usual flooding script) then gets at most N answers per `delayMs` instead of as many as the
 * cores can turn round: its own loop slows down, and with it the CPU it takes from everyone else on
 * the machine (bench:flood measures this). A person who hits a limit waits a moment longer for the
 * same answer. Holding is bounded — `maxPerIp` per address and `maxTotal` in all; past either, the
 * 429 goes at once — so a flood of connections cannot pile up held sockets. A call whose client
 * went away is dropped from the hold. Per process; `delayMs` 0 answers at once.
 */
export const createTarpit = (opts: { delayMs: number; maxPerIp?: number; maxTotal?: number }): Tarpit => {
  const { delayMs, maxPerIp = 64, maxTotal = 2000 } = opts;
  if (!(delayMs > 0)) return noTarpit;
  const held = new Map<string, number>();
  let total = 0;
  return (ip, res, send) => {
    const mine = held.get(ip) ?? 0;
    if (mine >= maxPerIp || total >= maxTotal) return send();
    held.set(ip, mine + 1);
    total++;
    let done = false;
    const release = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      total--;
      const left = (held.get(ip) ?? 1) - 1;
      if (left <= 0) held.delete(ip);
      else held.set(ip, left);
    };
    const timer = setTimeout(() => {
      release();
      if (!res.writableEnded && !res.destroyed) send();
    }, delayMs);
    res.once('close', release);
  };
};

const answer = (res: ServerResponse, status: number, json: boolean, error: { code: string; message: string; field?: string }) => {
  // Closing the connection stops the client sending a body we will not read.
  res.writeHead(status, {
    'content-type': json ? 'application/json' : 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    connection: 'close',
  });
  res.end(json ? JSON.stringify({ error }) : `${error.message}\n`);
};

export const clientIp = (req: IncomingMessage): string => {
  if (process.env.TRUST_PROXY === '1') {
    const hops = String(req.headers['x-forwarded-for'] ?? '').split(',').map((h) => h.trim()).filter(Boolean);
    if (hops.length) return hops[hops.length - 1]!;
  }
  return req.socket.remoteAddress ?? 'unknown';
};

/**
 * A request Node cannot even parse (bad framing, oversized headers): answer 400 in the JSON error shape
 * and close, instead of Node's bare "400 Bad Request". Nothing reaches Next or the log as a stack.
 */
export const onClientError = (err: NodeJS.ErrnoException, socket: import('node:stream').Duplex) => {
  if (!socket.writable || (err.code === 'ECONNRESET')) return void socket.destroy();
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = JSON.stringify({ error: { code: 'invalid_input', message: 'The request could not be read.', field: 'request' } });
  socket.end(
    `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `content-type: application/json\r\ncache-control: no-store\r\nx-content-type-options: nosniff\r\nconnection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
};
