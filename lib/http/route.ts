import type { NextRequest } from 'next/server';
import { AppError, toErrorResponse } from '../errors.ts';
import { log } from '../log.ts';
import { COOKIE, verifySessionToken } from '../auth/session.ts';
import { idSchema } from '../validation/text.ts';

// Lives in lib/http because it is the one place that knows about Next's request type.

export const MAX_BODY_BYTES = 16 * 1024;

type Handler<C> = (req: NextRequest, ctx: C) => Promise<Response>;

/** API answers carry personal data (contact info, messages): no browser or proxy may keep them. */
const withApiHeaders = (res: Response): Response => {
  res.headers.set('cache-control', 'no-store');
  return res;
};

export const errorResponse = (err: unknown, req?: { url: string; method: string }): Response => {
  const { status, body, headers } = toErrorResponse(err);
  if (status >= 500) log.error({ err, url: req?.url, method: req?.method }, 'route failed');
  return withApiHeaders(Response.json(body, { status, headers }));
};

/** One catch for every route: AppError/ZodError → 4xx JSON naming the field; anything else → logged 500. */
export const route =
  <C>(fn: Handler<C>): Handler<C> =>
  async (req, ctx) => {
    try {
      return withApiHeaders(await fn(req, ctx));
    } catch (err) {
      return errorResponse(err, req);
    }
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

export const customerIdOf = (req: NextRequest): string | null =>
  verifySessionToken('customer', req.cookies.get(COOKIE.customer)?.value);

export const requireCustomerId = (req: NextRequest): string => {
  const id = customerIdOf(req);
  if (!id) throw new AppError('customer_required', 'Please tell us how to reach you first.', 'customer');
  return id;
};

/** An agent authenticates with the session cookie or `Authorization: Bearer <token>`. */
export const requireAgentId = (req: NextRequest): string => {
  const bearer = req.headers.get('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1];
  const id = verifySessionToken('agent', bearer) ?? verifySessionToken('agent', req.cookies.get(COOKIE.agent)?.value);
  if (!id) throw new AppError('unauthenticated', 'Please sign in again.', 'session');
  return id;
};

/** Cookies get `Secure` when the client reached us over HTTPS (directly or through a proxy). */
export const isHttps = (req: NextRequest): boolean =>
  req.nextUrl.protocol === 'https:' || req.headers.get('x-forwarded-proto') === 'https';
