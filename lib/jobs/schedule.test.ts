import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDb, makeAgent } from '../../test/helpers/db.ts';
import { silentNotifier } from '../events/dispatcher.ts';
import { startJobSchedules } from './schedule.ts';

const getDb = useTestDb({ beforeEach, afterEach });

const until = async (check: () => Promise<boolean>, timeoutMs: number) => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('startJobSchedules', () => {
  it('fires the job on its cron pattern and records the run as scheduled', async () => {
    const db = getDb();
    await makeAgent(db, { capability: 90 });
    const jobs = startJobSchedules({ db, notifier: silentNotifier, schedules: { capability: '* * * * * *', roster: 'off' } });
    try {
      await until(async () => (await db.jobRun.count({ where: { status: 'succeeded' } })) > 0, 15_000);
    } finally {
      jobs.stop();
    }
    const run = await db.jobRun.findFirstOrThrow();
    expect(run).toMatchObject({ job: 'capability', trigger: 'schedule', status: 'succeeded' });
    expect((await db.agent.findFirstOrThrow()).capability).toBe(57); // no experience yet: the priors
  });

  it('"off" schedules nothing; a bad pattern is refused with a readable message', () => {
    const db = getDb();
    startJobSchedules({ db, notifier: silentNotifier, schedules: { capability: 'off', roster: undefined } }).stop();
    expect(() => startJobSchedules({ db, notifier: silentNotifier, schedules: { capability: 'every five minutes' } })).toThrow(
      'The schedule of the capability job is not a valid cron pattern ("every five minutes")',
    );
  });
});
