import pino from 'pino';
import { instanceId } from './instance.ts';

/**
 * Contact details, message texts and credentials never reach the log, wherever they sit in a logged
 * object (top level, one level down, or inside an error's data). pino's paths are fixed depth, so the
 * common shapes are listed.
 */
// `endpoint` and `keys`: a Web Push subscription (issue 17) is a capability — whoever holds it can push to that browser.
const SECRET_KEYS = ['phone', 'email', 'im', 'contactPhone', 'contactEmail', 'contactIm', 'password', 'token', 'cookie', 'authorization', 'body', 'endpoint', 'keys', 'to'];
export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.${k}`),
  'req.headers.cookie',
  'req.headers.authorization',
  'headers.cookie',
  'headers.authorization',
];

/** Addresses that carry a credential in their query (the shop's identity token, a handoff code, a sign-in link). */
const SECRET_PARAMS = /([?&](?:identity|handoff|signin|token|code)=)[^&#\s]*/gi;
export const safeUrl = (url: unknown): unknown => (typeof url === 'string' ? url.replace(SECRET_PARAMS, '$1[redacted]') : url);

export const createLogger = (destination?: pino.DestinationStream): pino.Logger =>
  pino(
    {
      level: process.env.LOG_LEVEL ?? 'info',
      base: { pid: process.pid, instance: instanceId() },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { url: safeUrl },
    },
    destination,
  );

const globalForLog = globalThis as unknown as { __log?: pino.Logger };

/** Structured JSON lines; `instance` says which app instance wrote them when several run. */
export const log: pino.Logger = globalForLog.__log ?? (globalForLog.__log = createLogger());
