import pino from 'pino';

const globalForLog = globalThis as unknown as { __log?: pino.Logger };

export const log: pino.Logger =
  globalForLog.__log ??
  (globalForLog.__log = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { pid: process.pid } }));
