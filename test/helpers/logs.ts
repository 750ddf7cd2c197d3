import type { RunningServer } from './server.ts';

export type LogLine = { msg?: string; instance?: string; level?: number; [k: string]: unknown };

/** The server's structured log lines (pino JSON), skipping anything else it printed. */
export const logLines = (server: RunningServer): LogLine[] =>
  server.logs
    .join('')
    .split('\n')
    .flatMap((l) => {
      if (!l.startsWith('{')) return [];
      try {
        return [JSON.parse(l) as LogLine];
      } catch {
        return [];
      }
    });
