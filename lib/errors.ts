import { ZodError } from 'zod';

/** Every failure the domain reports. The HTTP status is decided here, once. */
const STATUS_BY_CODE = {
  invalid_input: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  invalid_identity: 401,
  invalid_code: 400,
  customer_required: 401,
  forbidden: 403,
  not_found: 404,
  no_binding: 409,
  candidate_unavailable: 409,
  match_closed: 409,
  conflict: 409,
  /** the roster owns this field of this agent: change it there (issue 28) */
  roster_owned: 409,
  no_cover: 409,
  agent_left: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  /** issue 30: a customer's file — over 10 MB; not a picture or PDF by its bytes; damaged; too many pixels */
  file_too_large: 413,
  unsupported_media_type: 415,
  unsupported_file: 415,
  unreadable_file: 422,
  image_too_large: 422,
  rate_limited: 429,
  too_many_open_requests: 429,
  /** issue 30: the customer's uploads for today (files or bytes) are used up */
  upload_quota: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof STATUS_BY_CODE;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  /** extra response headers, e.g. Retry-After on 429, Allow on 405 */
  readonly headers?: Record<string, string>;

  constructor(code: ErrorCode, message: string, field?: string, headers?: Record<string, string>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.field = field;
    this.headers = headers;
  }

  get status(): number {
    return STATUS_BY_CODE[this.code];
  }
}

/**
 * server.ts and the route handlers are bundled apart, so an AppError made by one copy of this module
 * fails `instanceof` in the other (e.g. a throttle built in server.ts, thrown in a route): recognise it
 * by its shape too.
 */
export const isAppError = (err: unknown): err is AppError =>
  err instanceof AppError ||
  (err instanceof Error && err.name === 'AppError' && typeof (err as { code?: unknown }).code === 'string' && (err as unknown as { code: string }).code in STATUS_BY_CODE);

export type ErrorBody = { error: { code: ErrorCode; message: string; field?: string } };

/** Turns anything thrown into a status and a body that never leaks a stack trace. */
export const toErrorResponse = (err: unknown): { status: number; body: ErrorBody; headers?: Record<string, string> } => {
  if (isAppError(err)) {
    return {
      status: STATUS_BY_CODE[err.code],
      headers: err.headers,
      body: { error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } },
    };
  }
  if (err instanceof ZodError) {
    const first = err.issues[0];
    const field = first?.path.length ? first.path.join('.') : undefined;
    return {
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: field ? `${field}: ${first.message}` : (first?.message ?? 'Invalid input'),
          ...(field ? { field } : {}),
        },
      },
    };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' } } };
};
