// Agent administration from the command line: `npm run agent -- deactivate <email>`.
import { createDb } from '../lib/db/client.ts';
import { applyMigrations } from '../lib/db/migrate.ts';
import { getDatabaseUrl } from '../lib/db/client.ts';
import { deactivateAgent } from '../lib/agents/deactivate-agent.ts';
import { silentNotifier } from '../lib/realtime/notifier.ts';
import { AppError } from '../lib/errors.ts';

const [command, email] = process.argv.slice(2);
const usage = 'usage: npm run agent -- deactivate <email>';

if (command !== 'deactivate' || !email) {
  console.error(usage);
  process.exit(2);
}

await applyMigrations({ url: getDatabaseUrl() });
const db = createDb();
try {
  // The running server's sweeper re-sends the re-routed requests to the agents' open tabs.
  const result = await deactivateAgent({ db, notify: silentNotifier, email });
  console.log(`Deactivated ${email}: ${result.endedBindings} binding(s) ended, ${result.reroutedRequests} open request(s) re-routed.`);
} catch (err) {
  console.error(err instanceof AppError ? err.message : err);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
