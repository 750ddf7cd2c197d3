import crypto from 'node:crypto';
import os from 'node:os';
import type { Db } from '../db/client.ts';
import type { JobRun } from '../db/generated/sqlite/client.ts';
import { log } from '../log.ts';
import type { Notifier } from '../events/types.ts';
import { acquireJobLock, releaseJobLock, renewJobLock } from './job-lock.ts';

export type JobTrigger = 'schedule' | 'cli' | 'admin';
export type JobError = { ref: string; reason: string };
export type JobResult = { counts: Record<string, number>; errors: JobError[] };
export type JobContext = { db: Db; notify: Notifier; now: () => Date };
export type JobFn = (ctx: JobContext) => Promise<JobResult>;

export type JobRunView = {
  id: string;
  job: string;
  trigger: string;
  status: 'running' | 'succeeded' | 'partial' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  counts: Record<string, number>;
  errors: JobError[];
};

const parseJson = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

export const toJobRunView = (r: JobRun): JobRunView => ({
  id: r.id,
  job: r.job,
  trigger: r.trigger,
  status: r.status as JobRunView['status'],
  startedAt: r.startedAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
  counts: parseJson(r.counts, {}),
  errors: parseJson(r.errors, []),
});

/** Long enough for any run here; a holder that dies frees the job after this at the latest. */
export const DEFAULT_LEASE_MS = 10 * 60_000;
/** Errors kept on one run record (the log has them all). */
const MAX_STORED_ERRORS = 200;

export type RunOutcome = { outcome: 'ran'; run: JobRunView } | { outcome: 'refused'; reason: string };

/**
 * Runs one job under its lock and records it: start, end, counts, errors. A second run while one is
 * going (here, in another process, or on another instance) is refused, not queued. A run that
 * throws is recorded as failed with the reason; a run that reports errors (e.g. skipped roster rows)
 * is "partial". The clock is injected so tests can run a job "at" any time.
 */
export const runJob = async (opts: {
  db: Db;
  notify: Notifier;
  job: string;
  fn: JobFn;
  trigger: JobTrigger;
  now?: () => Date;
  leaseMs?: number;
  holder?: string;
}): Promise<RunOutcome> => {
  const now = opts.now ?? (() => new Date());
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const holder = opts.holder ?? `${os.hostname()}:${process.pid}:${crypto.randomUUID()}`;
  const lock = { db: opts.db, job: opts.job, holder, leaseMs };

  if (!(await acquireJobLock({ ...lock, now: now() }))) {
    log.info({ job: opts.job, trigger: opts.trigger }, 'job already running elsewhere; this run refused');
    return { outcome: 'refused', reason: `The ${opts.job} job is already running. Try again when it has finished.` };
  }
  // We hold the lock, so a run still marked "running" belongs to a holder that died.
  await opts.db.jobRun.updateMany({
    where: { job: opts.job, status: 'running' },
    data: { status: 'failed', finishedAt: now(), errors: JSON.stringify([{ ref: 'run', reason: 'interrupted: the process running it stopped' }]) },
  });
  const run = await opts.db.jobRun.create({ data: { job: opts.job, trigger: opts.trigger, status: 'running', startedAt: now() } });
  const heartbeat = setInterval(() => {
    renewJobLock({ ...lock, now: now() }).catch((err) => log.warn({ err, job: opts.job }, 'could not renew the job lock'));
  }, Math.max(1000, leaseMs / 3));
  heartbeat.unref();

  let status: JobRunView['status'];
  let result: JobResult;
  try {
    result = await opts.fn({ db: opts.db, notify: opts.notify, now });
    status = result.errors.length ? 'partial' : 'succeeded';
  } catch (err) {
    log.error({ err, job: opts.job, runId: run.id }, 'job failed');
    result = { counts: {}, errors: [{ ref: 'job', reason: err instanceof Error ? err.message : String(err) }] };
    status = 'failed';
  } finally {
    clearInterval(heartbeat);
  }
  try {
    const finished = await opts.db.jobRun.update({
      where: { id: run.id },
      data: { status, finishedAt: now(), counts: JSON.stringify(result.counts), errors: JSON.stringify(result.errors.slice(0, MAX_STORED_ERRORS)) },
    });
    const view = toJobRunView(finished);
    log.info({ job: opts.job, runId: run.id, trigger: opts.trigger, status, counts: result.counts, errors: result.errors.slice(0, 50) }, `job ${opts.job} ${status}`);
    return { outcome: 'ran', run: view };
  } finally {
    await releaseJobLock(lock);
  }
};

export const listJobRuns = async (opts: { db: Db; take?: number; job?: string }): Promise<JobRunView[]> =>
  (await opts.db.jobRun.findMany({ where: opts.job ? { job: opts.job } : {}, orderBy: { startedAt: 'desc' }, take: opts.take ?? 20 })).map(toJobRunView);
