import { Cron } from 'croner';
import type { Db } from '../db/client.ts';
import { log } from '../log.ts';
import type { Notifier } from '../events/types.ts';
import { JOBS, type JobName } from './jobs.ts';
import { runJob } from './run-job.ts';

/**
 * Starts the job schedules (croner). Each tick goes through runJob, so with several instances on one
 * database each tick runs once: the others are refused by the lock. `protect` also stops a tick from
 * starting while this process still runs the previous one. A schedule of "off" disables that job.
 */
export const startJobSchedules = (deps: { db: Db; notifier: Notifier; schedules: Partial<Record<JobName, string | undefined>> }) => {
  const crons: Cron[] = [];
  for (const [name, pattern] of Object.entries(deps.schedules) as [JobName, string | undefined][]) {
    if (!pattern || pattern === 'off') continue;
    let cron: Cron;
    try {
      cron = new Cron(pattern, { name: `job:${name}`, protect: true, catch: (err) => log.error({ err, job: name }, 'scheduled job crashed') }, async () => {
        await runJob({ db: deps.db, notify: deps.notifier, job: name, fn: JOBS[name], trigger: 'schedule' });
      });
    } catch (err) {
      throw new Error(`The schedule of the ${name} job is not a valid cron pattern ("${pattern}"): ${(err as Error).message}`);
    }
    crons.push(cron);
    log.info({ job: name, pattern, next: cron.nextRun()?.toISOString() }, 'job scheduled');
  }
  return { stop: () => crons.forEach((c) => c.stop()) };
};
