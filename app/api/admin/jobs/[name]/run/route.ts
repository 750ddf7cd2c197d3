import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getAdmin } from '@/lib/admin/admins.ts';
import { AppError } from '@/lib/errors.ts';
import { isJobName, JOB_NAMES, JOBS } from '@/lib/jobs/jobs.ts';
import { runJob } from '@/lib/jobs/run-job.ts';
import { getNotifier } from '@/lib/requests/notifier.ts';
import { requireAdminId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ name: string }> };

/** Run a job now and answer with its run record; 409 when a run of it is already going. */
export const POST = route(async (req: NextRequest, { params }: Ctx) => {
  const db = getDb();
  await getAdmin({ db, adminId: requireAdminId(req) });
  const { name } = await params;
  if (!isJobName(name)) throw new AppError('not_found', `No job named ${name}; the jobs are ${JOB_NAMES.join(', ')}.`, 'name');
  const result = await runJob({ db, notify: getNotifier(), job: name, fn: JOBS[name], trigger: 'admin' });
  if (result.outcome === 'refused') throw new AppError('conflict', result.reason, 'name');
  return Response.json({ run: result.run });
});
