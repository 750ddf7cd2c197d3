import { getEnv } from '../env.ts';
import { log } from '../log.ts';
import { recomputeCapabilities } from '../agents/recompute-capabilities.ts';
import { syncRoster } from '../staff/roster/sync-roster.ts';
import type { JobFn } from './run-job.ts';

/** The scheduled jobs by name: what `npm run job -- <name>`, the schedule and /admin can run. */
export const JOBS = {
  capability: async ({ db, now }) => {
    const { agents, changed, changes } = await recomputeCapabilities({ db, now: now() });
    if (changes.length) log.info({ job: 'capability', changes: changes.slice(0, 200) }, 'capability scores changed');
    return { counts: { agents, changed }, errors: [] };
  },
  roster: async ({ db, notify, now }) => {
    const { counts, errors, diff } = await syncRoster({ db, notify, source: getEnv().ROSTER_SOURCE, now: now() });
    log.info(
      {
        job: 'roster',
        created: diff.create.map((r) => r.employeeId),
        updated: diff.update.map((u) => ({ employeeId: u.employeeId, changes: u.changes })),
        deactivated: diff.deactivate.map((d) => d.employeeId ?? d.email),
      },
      'roster applied',
    );
    return { counts, errors };
  },
} satisfies Record<string, JobFn>;

export type JobName = keyof typeof JOBS;
export const JOB_NAMES = Object.keys(JOBS) as JobName[];
export const isJobName = (name: string): name is JobName => Object.hasOwn(JOBS, name);
