import type { Db } from '../db/client.ts';
import { isUniqueViolation } from '../db/errors.ts';

/**
 * One run of a job at a time, across processes and instances that share the database: a lease row
 * per job. Taking it is one conditional write — update the row if its lease has expired, else insert
 * it — so two takers can never both succeed (the database serialises writes to one row, and the
 * primary key refuses a second insert) on SQLite and PostgreSQL alike. A crashed holder's lease
 * simply expires.
 */
export const acquireJobLock = async (opts: { db: Db; job: string; holder: string; now: Date; leaseMs: number }): Promise<boolean> => {
  const expiresAt = new Date(opts.now.getTime() + opts.leaseMs);
  const takenOver = await opts.db.jobLock.updateMany({ where: { job: opts.job, expiresAt: { lte: opts.now } }, data: { holder: opts.holder, expiresAt } });
  if (takenOver.count === 1) return true;
  try {
    await opts.db.jobLock.create({ data: { job: opts.job, holder: opts.holder, expiresAt } });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
};

/** Extends the lease while the run is still going; false when it was lost (expired and taken). */
export const renewJobLock = async (opts: { db: Db; job: string; holder: string; now: Date; leaseMs: number }): Promise<boolean> => {
  const renewed = await opts.db.jobLock.updateMany({
    where: { job: opts.job, holder: opts.holder },
    data: { expiresAt: new Date(opts.now.getTime() + opts.leaseMs) },
  });
  return renewed.count === 1;
};

export const releaseJobLock = async (opts: { db: Db; job: string; holder: string }): Promise<void> => {
  await opts.db.jobLock.deleteMany({ where: { job: opts.job, holder: opts.holder } });
};
