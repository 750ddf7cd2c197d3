import pino from 'pino';

/**
 * Contact details, message texts and credentials never reach the log, wherever they sit in a logged
 * object (top level, one level down, or inside an error's data). pino's paths are fixed depth, so the
 * common shapes are listed.
 */
const SECRET_KEYS = ['phone', 'email', 'im', 'contactPhone', 'contactEmail', 'contactIm', 'password', 'token', 'cookie', 'authorization', 'body'];
export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.${k}`),
  'req.headers.cookie',
  'req.headers.authorization',
  'headers.cookie',
  'headers.authorization',
];

export const createLogger = (destination?: pino.DestinationStream): pino.Logger =>
  pino({ level: process.env.LOG_LEVEL ?? 'info', base: { pid: process.pid }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);

const globalForLog = globalThis as unknown as { __log?: pino.Logger };

export const log: pino.Logger = globalForLog.__log ?? (globalForLog.__log = createLogger());
