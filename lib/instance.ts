import crypto from 'node:crypto';
import os from 'node:os';

// One id per process, shared by server.ts and the route bundles (globalThis): it tags every log
// line, /api/ready and this instance's connection rows (presence). INSTANCE_ID names the instance
// (e.g. the pod); a random suffix keeps a restarted process apart from the one it replaces, whose
// connection rows must age out rather than look alive again.
const holder = globalThis as unknown as { __instanceId?: string };

export const instanceId = (): string =>
  (holder.__instanceId ??= `${process.env.INSTANCE_ID || `${os.hostname()}-${process.pid}`}-${crypto.randomBytes(3).toString('hex')}`);
