// Agent administration from the command line:
//   npm run agent -- deactivate <email>          (leaves: bindings end, open requests re-routed)
//   npm run agent -- activate <email> [status]   (joins again; status online|away|offline, default offline)
import { createDb } from '../lib/db/client.ts';
import { applyMigrations } from '../lib/db/migrate.ts';
import { getDatabaseUrl } from '../lib/db/client.ts';
import { deactivateAgent } from '../lib/staff/deactivate-agent.ts';
import { activateAgent } from '../lib/staff/activate-agent.ts';
import { silentNotifier } from '../lib/events/dispatcher.ts';
import { AppError } from '../lib/errors.ts';

const [command, email, status] = process.argv.slice(2);
const usage = 'usage: npm run agent -- deactivate <email> | activate <email> [online|away|offline]';

if ((command !== 'deactivate' && command !== 'activate') || !email) {
  console.error(usage);
  process.exit(2);
}

await applyMigrations({ url: getDatabaseUrl() });
const db = createDb();
try {
  // The running server's sweeper re-sends the re-routed requests to the agents' open tabs.
  if (command === 'activate') {
    const result = await activateAgent({ db, email, status });
    console.log(`Activated ${email} (${result.status}).`);
  } else {
    const result = await deactivateAgent({ db, notify: silentNotifier, email });
    console.log(`Deactivated ${email}: ${result.pendingHandovers} customer(s) asked to take a next agent or choose again, ${result.reroutedRequests} open request(s) re-routed.`);
  }
} catch (err) {
  console.error(err instanceof AppError ? err.message : err);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
