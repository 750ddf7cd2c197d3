import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../test/helpers/db.ts';
import { createDb, type Db } from '../db/client.ts';
import { silentNotifier } from '../events/dispatcher.ts';
import { runJob, type JobFn } from './run-job.ts';
import { acquireJobLock } from './job-lock.ts';

let t: Awaited<ReturnType<typeof createTestDb>>;
let other: Db;
beforeEach(async () => {
  t = await createTestDb();
  other = createDb(t.url); // a second client on the same database: another instance
});
afterEach(async () => {
  await other.$disconnect();
  await t.cleanup();
});

const T0 = new Date('2026-11-30T03:00:00Z');

/** A job that runs until told to finish. */
const heldJob = () => {
  let finish!: () => void;
  let started!: () => void;
  const isRunning = new Promise<void>((r) => (started = r));
  const done = new Promise<void>((r) => (finish = r));
  const fn: JobFn = async () => {
    started();
    await done;
    return { counts: { done: 1 }, errors: [] };
  };
  return { fn, isRunning, finish };
};

describe('runJob', () => {
  it('two overlapping runs on two instances: one runs, the other is refused; afterwards it may run again', async () => {
    const held = heldJob();
    const first = runJob({ db: t.db, notify: silentNotifier, job: 'capability', fn: held.fn, trigger: 'schedule' });
    await held.isRunning;
    const second = await runJob({ db: other, notify: silentNotifier, job: 'capability', fn: async () => ({ counts: {}, errors: [] }), trigger: 'cli' });
    expect(second).toMatchObject({ outcome: 'refused', reason: expect.stringContaining('already running') });
    held.finish();
    expect(await first).toMatchObject({ outcome: 'ran', run: { status: 'succeeded', counts: { done: 1 }, trigger: 'schedule' } });
    expect(await t.db.jobRun.count()).toBe(1);
    const third = await runJob({ db: other, notify: silentNotifier, job: 'capability', fn: async () => ({ counts: { again: 1 }, errors: [] }), trigger: 'cli' });
    expect(third).toMatchObject({ outcome: 'ran', run: { status: 'succeeded' } });
  });

  it('a different job is not held up by the lock of another', async () => {
    const held = heldJob();
    const first = runJob({ db: t.db, notify: silentNotifier, job: 'capability', fn: held.fn, trigger: 'schedule' });
    await held.isRunning;
    const roster = await runJob({ db: other, notify: silentNotifier, job: 'roster', fn: async () => ({ counts: {}, errors: [] }), trigger: 'cli' });
    expect(roster.outcome).toBe('ran');
    held.finish();
    await first;
  });

  it('many takers at once: exactly one gets the lock', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => acquireJobLock({ db: i % 2 ? other : t.db, job: 'roster', holder: `h${i}`, now: T0, leaseMs: 60_000 })),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('records the run with the injected clock, counts and errors; errors make it partial', async () => {
    const clock = () => T0;
    const r = await runJob({ db: t.db, notify: silentNotifier, job: 'roster', trigger: 'cli', now: clock, fn: async () => ({ counts: { created: 2, skipped: 1 }, errors: [{ ref: 'E7', reason: 'email: is required' }] }) });
    expect(r).toEqual({
      outcome: 'ran',
      run: { id: expect.any(String), job: 'roster', trigger: 'cli', status: 'partial', startedAt: T0.toISOString(), finishedAt: T0.toISOString(), counts: { created: 2, skipped: 1 }, errors: [{ ref: 'E7', reason: 'email: is required' }] },
    });
  });

  it('a job that throws is recorded as failed with the reason, and frees the lock', async () => {
    const r = await runJob({ db: t.db, notify: silentNotifier, job: 'roster', trigger: 'admin', fn: async () => { throw new Error('roster unreachable'); } });
    expect(r).toMatchObject({ outcome: 'ran', run: { status: 'failed', errors: [{ ref: 'job', reason: 'roster unreachable' }] } });
    expect(await t.db.jobLock.count()).toBe(0);
  });

  it('a holder that died: its lease expires, the next run takes over and marks the dead run interrupted', async () => {
    expect(await acquireJobLock({ db: t.db, job: 'capability', holder: 'dead', now: T0, leaseMs: 60_000 })).toBe(true);
    await t.db.jobRun.create({ data: { job: 'capability', trigger: 'schedule', status: 'running', startedAt: T0 } });
    const tooSoon = await runJob({ db: other, notify: silentNotifier, job: 'capability', trigger: 'cli', now: () => new Date(T0.getTime() + 30_000), fn: async () => ({ counts: {}, errors: [] }) });
    expect(tooSoon.outcome).toBe('refused');
    const later = await runJob({ db: other, notify: silentNotifier, job: 'capability', trigger: 'cli', now: () => new Date(T0.getTime() + 61_000), fn: async () => ({ counts: {}, errors: [] }) });
    expect(later.outcome).toBe('ran');
    const runs = await t.db.jobRun.findMany({ orderBy: { startedAt: 'asc' } });
    expect(runs.map((r) => r.status)).toEqual(['failed', 'succeeded']);
    expect(runs[0]!.errors).toContain('interrupted');
  });
});
