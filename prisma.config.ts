import path from 'node:path';
import { defineConfig } from 'prisma/config';

// `prisma generate` only needs the bundled wasm, but the CLI insists on locating a native schema
// engine it would download (no internet here). Any existing file satisfies that check; migrations
// are applied by lib/db/migrate.ts instead (see docs/decisions.md).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve('package.json');
process.env.CHECKPOINT_DISABLE ??= '1';

const url = process.env.DATABASE_URL ?? 'file:./data/app.db';
const provider = url.startsWith('postgres') ? 'postgres' : 'sqlite';

export default defineConfig({
  schema: `prisma/${provider}`,
  migrations: { path: `prisma/${provider}/migrations` },
  datasource: { url },
});
