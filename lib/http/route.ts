import type { NextRequest } from 'next/server';
import { AppError, toErrorResponse } from '../errors.ts';
import { log } from '../log.ts';
import { COOKIE, sessionCookie } from '../credentials/session.ts';
import { resolveActor, type ResolvedActor } from '../auth/actor.ts';
import type { Actor } from '../auth/authorize.ts';
import { getDb } from '../db/client.ts';
import { isDatabaseUnavailable } from '../db/errors.ts';
import { isAllowedOrigin, isJsonContentType } from './origin.ts';
import { sessionKeyOf, throttle, type ThrottledCall } from '../security/throttle.ts';
import { credentialOf } from './credential.ts';
import { idSchema } from '../validation/text.ts';
import { countRefusal } from '../ops/metrics.ts';

// Lives in lib/http because it is the one place that knows about Next's request type.

export const MAX_BODY_BYTES = 16 * 1024;

/** The one route that takes a file (`POST /api/uploads`): its body may be this large (10 MB and the form around it). */
export const UPLOAD_PATH = '/api/uploads';
export const MAX_UPLOAD_BODY_BYTES = 10 * 1024 * 1024 + 64 * 1024;

/** What a route gets besides the request: who is calling (resolved once, lazily), and cookies to set. */
export type Call = {
  actor: () => Promise<Actor>;
  resolved: () => Promise<ResolvedActor>;
  setCookie: (cookie: string) => void;
  /** the client's address as the server saw it (server.ts puts it in x-client-ip) */
  ip: string;
  /** counts this call against its throttles (by address and by session); 429 + Retry-After when over */
  throttle: (what: ThrottledCall) => Promise<void>;
};

type Handler<C> = (req: NextRequest, ctx: C, call: Call) => Promise<Response>;

/** API answers carry personal data (contact info, messages): no browser or proxy may keep them. */
const withApiHeaders = (res: Response): Response => {
  // A file (lib/http/serve-file.ts) says itself how it may be kept: for its viewer only.
  if (!res.headers.get('cache-control')?.startsWith('private')) res.headers.set('cache-control', 'no-store');
  return res;
};

/** How long a client is asked to wait when the database is away for a moment (a restart, a failover). */
export const DATABASE_RETRY_AFTER_S = 2;

export const errorResponse = (err: unknown, req?: { url: string; method: string }): Response => {
  if (isDatabaseUnavailable(err)) {
    // Not a fault of the call: nothing was taken (or a retry with the same Idempotency-Key finds it).
    log.warn({ err: err instanceof Error ? err.message : String(err), url: req?.url, method: req?.method }, 'database unavailable; answered 503');
    countRefusal(503, 'database_unavailable');
    const unavailable = new AppError('unavailable', 'The service is briefly unavailable. Please try again in a moment.', undefined, {
      'retry-after': String(DATABASE_RETRY_AFTER_S),
    });
    const { status, body, headers } = toErrorResponse(unavailable);
    return withApiHeaders(Response.json(body, { status, headers }));
  }
  const { status, body, headers } = toErrorResponse(err);
  if (status >= 500) log.error({ err, url: req?.url, method: req?.method }, 'route failed');
  return withApiHeaders(Response.json(body, { status, headers }));
};

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** CSRF: a mutation must come from our own origin, and a body must be JSON (see lib/http/origin.ts) — or, for a route that takes a file, a form. */
const checkMutation = (req: NextRequest, body: 'json' | 'form') => {
  if (!MUTATIONS.has(req.method)) return;
  const h = req.headers;
  if (!isAllowedOrigin({ origin: h.get('origin'), host: h.get('host'), secFetchSite: h.get('sec-fetch-site') })) {
    throw new AppError('forbidden', 'This call must come from the app itself.', 'origin');
  }
  const hasBody = Number(h.get('content-length') ?? 0) > 0 || h.has('transfer-encoding');
  if (body === 'form') {
    if (!/^multipart\/form-data\s*;/i.test(h.get('content-type') ?? '')) {
      throw new AppError('unsupported_media_type', 'Send the file as multipart/form-data, in the field "file".', 'Content-Type');
    }
    return;
  }
  if (hasBody && !isJsonContentType(h.get('content-type'))) {
    throw new AppError('unsupported_media_type', 'Send the body as JSON (Content-Type: application/json).', 'Content-Type');
  }
};

export const bearerOf = (req: NextRequest): string | null => req.headers.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? null;

/**
 * One wrapper for every route: CSRF checks on mutations, the caller resolved from sessions, a slid
 * customer session's cookie renewed, and one catch: AppError/ZodError → 4xx JSON naming the field;
 * anything else → logged, generic 500.
 */
export const route =
  <C>(fn: Handler<C>, opts: { body?: 'json' | 'form' } = {}): ((req: NextRequest, ctx: C) => Promise<Response>) =>
  async (req, ctx) => {
    const cookies: string[] = [];
    let resolved: Promise<ResolvedActor> | undefined;
    const call: Call = {
      resolved: () => (resolved ??= resolveActor({ db: getDb(), cookie: (n) => req.cookies.get(n)?.value, bearer: bearerOf(req) })),
      actor: async () => (await call.resolved()).actor,
      setCookie: (c) => cookies.push(c),
      ip: req.headers.get('x-client-ip') ?? 'unknown',
      throttle: (what) => throttle(what, { ip: call.ip, session: sessionKeyOf(credentialOf(req.headers, (n) => req.cookies.get(n)?.value)) }),
    };
    let res: Response;
    try {
      checkMutation(req, opts.body ?? 'json');
      res = withApiHeaders(await fn(req, ctx, call));
    } catch (err) {
      res = errorResponse(err, req);
    }
    if (resolved) {
      const renewed = (await resolved.catch(() => null))?.customerSession?.renewedToken;
      const handlerSetIt = cookies.some((c) => c.startsWith(`${COOKIE.customer}=`)) || res.headers.getSetCookie().some((c) => c.startsWith(`${COOKIE.customer}=`));
      if (renewed && !handlerSetIt) cookies.push(sessionCookie('customer', renewed, { secure: isHttps(req) }));
    }
    for (const c of cookies) res.headers.append('set-cookie', c);
    return res;
  };

/** For the methods a route does not have: 405 in the JSON error shape, with `Allow`. */
export const methodNotAllowed = (allowed: string) =>
  route(async () => {
    throw new AppError('method_not_allowed', `This address answers ${allowed} only.`, 'method', { allow: allowed });
  });

const tooLarge = () => new AppError('payload_too_large', 'The request is too large.', 'body', { connection: 'close' });

/**
 * Reads the body while it streams and stops at MAX_BODY_BYTES, so a chunked upload without
 * Content-Length is cut at the limit instead of being held whole in memory.
 */
export const readBodyText = async (req: Request, limit = MAX_BODY_BYTES): Promise<string> => {
  const length = Number(req.headers.get('content-length') ?? 0);
  if (length > limit) throw tooLarge();
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError('invalid_input', 'The body must be UTF-8 JSON.', 'body');
  }
};

/** Parses a JSON body; a missing body counts as {} so that schemas name the missing fields. */
export const readJson = async (req: NextRequest): Promise<unknown> => {
  const text = await readBodyText(req);
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('invalid_input', 'The body must be JSON.', 'body');
  }
};

/** A route id (`/api/matches/{matchId}`) is checked before anything uses it. */
export const parseId = (value: unknown, field: string): string => {
  const r = idSchema.safeParse(value);
  if (!r.success) throw new AppError('invalid_input', `${field}: is not a valid id`, field);
  return r.data;
};

/** Cookies get `Secure` when the client reached us over HTTPS (directly or through a proxy). */
export const isHttps = (req: NextRequest): boolean =>
  req.nextUrl.protocol === 'https:' || req.headers.get('x-forwarded-proto') === 'https';

