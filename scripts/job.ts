// Run one scheduled job once, now:  npm run job -- <capability|roster>
// Exit code: 0 all done, 2 done but some rows skipped (partial), 1 failed or refused (already running).
import { createDb, getDatabaseUrl } from '../lib/db/client.ts';
import { applyMigrations } from '../lib/db/migrate.ts';
import { JOB_NAMES, JOBS, isJobName } from '../lib/jobs/jobs.ts';
import { runJob } from '../lib/jobs/run-job.ts';
import { silentNotifier } from '../lib/events/dispatcher.ts';

process.env.CHECKPOINT_DISABLE ??= '1';
const name = process.argv[2] ?? '';
if (!isJobName(name)) {
  console.error(`usage: npm run job -- <${JOB_NAMES.join('|')}>`);
  process.exit(1);
}

await applyMigrations({ url: getDatabaseUrl() });
const db = createDb();
let code = 1;
try {
  // A running server's sweeper re-sends alerts for requests this process re-routed.
  const result = await runJob({ db, notify: silentNotifier, job: name, fn: JOBS[name], trigger: 'cli' });
  if (result.outcome === 'refused') {
    console.error(result.reason);
  } else {
    const { run } = result;
    console.log(`${name}: ${run.status} — ${Object.entries(run.counts).map(([k, v]) => `${k} ${v}`).join(', ') || 'nothing counted'}`);
    for (const e of run.errors) console.error(`  ${e.ref}: ${e.reason}`);
    code = run.status === 'succeeded' ? 0 : run.status === 'partial' ? 2 : 1;
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
} finally {
  await db.$disconnect();
}
process.exit(code);
