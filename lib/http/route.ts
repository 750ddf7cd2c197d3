import type { NextRequest } from 'next/server';
import { AppError, toErrorResponse } from '../errors.ts';
import { log } from '../log.ts';
import { COOKIE, verifySessionToken } from '../auth/session.ts';

// Lives in lib/http because it is the one place that knows about Next's request type.

const MAX_BODY_BYTES = 16 * 1024;

type Handler<C> = (req: NextRequest, ctx: C) => Promise<Response>;

/** One catch for every route: AppError/ZodError → 4xx JSON naming the field; anything else → logged 500. */
export const route =
  <C>(fn: Handler<C>): Handler<C> =>
  async (req, ctx) => {
    try {
      return await fn(req, ctx);
    } catch (err) {
      const { status, body, headers } = toErrorResponse(err);
      if (status >= 500) log.error({ err, url: req.url, method: req.method }, 'route failed');
      return Response.json(body, { status, headers });
    }
  };

/** Parses a JSON body; a missing body counts as {} so that schemas name the missing fields. */
export const readJson = async (req: NextRequest): Promise<unknown> => {
  const length = Number(req.headers.get('content-length') ?? 0);
  if (length > MAX_BODY_BYTES) throw new AppError('payload_too_large', 'The request is too large.', 'body');
  const text = await req.text();
  if (text.length > MAX_BODY_BYTES) throw new AppError('payload_too_large', 'The request is too large.', 'body');
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('invalid_input', 'The body must be JSON.', 'body');
  }
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

/** An admin (/admin) authenticates with their own session cookie; agents' and customers' do not count. */
export const requireAdminId = (req: NextRequest): string => {
  const id = verifySessionToken('admin', req.cookies.get(COOKIE.admin)?.value);
  if (!id) throw new AppError('unauthenticated', 'Please sign in again.', 'session');
  return id;
};
