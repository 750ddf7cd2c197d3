// Migrate and seed the database named by DATABASE_URL (default: SQLite file data/app.db). Idempotent.
import { applyMigrations } from '../lib/db/migrate.ts';
import { createDb, getDatabaseUrl } from '../lib/db/client.ts';
import { seedDemoAgents, seedDemoHistory } from '../lib/demo/seed.ts';
import { log } from '../lib/log.ts';

process.env.CHECKPOINT_DISABLE ??= '1';
const url = getDatabaseUrl();
const migrations = await applyMigrations({ url });
log.info({ url: url.replace(/\/\/[^@]*@/, '//***@'), ...migrations }, 'migrations');
if (process.env.SEED !== '0') {
  const db = createDb(url);
  const seeded = await seedDemoAgents(db);
  log.info(seeded, 'seeded demo agents');
  // Ratings, acknowledgements and gifts for the earned capability (the `capability` job) to work from.
  log.info(await seedDemoHistory(db), 'seeded demo history');
  await db.$disconnect();
}
