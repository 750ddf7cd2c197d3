import pino from 'pino';
import { instanceId } from './instance.ts';

const globalForLog = globalThis as unknown as { __log?: pino.Logger };

/** Structured JSON lines; `instance` says which app instance wrote them when several run. */
export const log: pino.Logger =
  globalForLog.__log ??
  (globalForLog.__log = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { pid: process.pid, instance: instanceId() } }));
