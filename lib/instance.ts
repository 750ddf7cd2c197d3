import crypto from 'node:crypto';
import os from 'node:os';

// One id per process, shared by server.ts and the route bundles (globalThis): it tags every log
// line, the readiness answer and the sweeper's leadership, so an operator can tell instances apart.
const holder = globalThis as unknown as { __instanceId?: string };

export const instanceId = (): string =>
  (holder.__instanceId ??= process.env.INSTANCE_ID || `${os.hostname()}-${process.pid}-${crypto.randomBytes(2).toString('hex')}`);
