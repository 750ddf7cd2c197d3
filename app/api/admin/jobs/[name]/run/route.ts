import { getDb } from '@/lib/db/client.ts';
import { getAdmin } from '@/lib/admin/admins.ts';
import { requireAdmin } from '@/lib/auth/authorize.ts';
import { AppError } from '@/lib/errors.ts';
import { isJobName, JOB_NAMES, JOBS } from '@/lib/jobs/jobs.ts';
import { runJob } from '@/lib/jobs/run-job.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { methodNotAllowed, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ name: string }> };

/** Run a job now and answer with its run record; 409 when a run of it is already going. */
export const POST = route(async (_req, { params }: Ctx, call) => {
  const db = getDb();
  await getAdmin({ db, adminId: requireAdmin(await call.actor()) });
  const { name } = await params;
  // The name is never echoed: only the known ones are named back.
  if (!isJobName(name)) throw new AppError('not_found', `No such job; the jobs are ${JOB_NAMES.join(', ')}.`, 'name');
  const result = await runJob({ db, notify: getNotifier(), job: name, fn: JOBS[name], trigger: 'admin' });
  if (result.outcome === 'refused') throw new AppError('conflict', result.reason, 'name');
  return Response.json({ run: result.run });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
