// Admins for /admin, from the command line only:
//   ADMIN_PASSWORD=... npm run admin -- create <email> [name]     (or type the password when asked)
//   ADMIN_PASSWORD=... npm run admin -- create <email> [name] --reset   (a new password for an existing admin)
import readline from 'node:readline/promises';
import { createDb, getDatabaseUrl } from '../lib/db/client.ts';
import { applyMigrations } from '../lib/db/migrate.ts';
import { createAdmin } from '../lib/admin/admins.ts';
import { AppError } from '../lib/errors.ts';
import { ZodError } from 'zod';

const args = process.argv.slice(2);
const reset = args.includes('--reset');
const [command, email, ...nameParts] = args.filter((a) => a !== '--reset');
if (command !== 'create' || !email) {
  console.error('usage: npm run admin -- create <email> [name] [--reset]   (password from ADMIN_PASSWORD or typed)');
  process.exit(2);
}

const askPassword = async (): Promise<string> => {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // Not echoed: the terminal shows nothing while the password is typed.
  const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput?.bind(rl);
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
    if (s.includes('Password')) write?.(s);
  };
  const answer = await rl.question('Password (12 characters or more): ');
  rl.close();
  process.stderr.write('\n');
  return answer;
};

await applyMigrations({ url: getDatabaseUrl() });
const db = createDb();
try {
  const password = await askPassword();
  const { admin, created } = await createAdmin({ db, input: { email, name: nameParts.join(' ') || email.split('@')[0], password }, replace: reset });
  console.log(`${created ? 'Created' : 'Updated'} admin ${admin.email}. Sign in at /admin.`);
} catch (err) {
  if (err instanceof ZodError) console.error(err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  else console.error(err instanceof AppError ? err.message : err);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
