import { defineConfig } from 'vitest/config';
import { servicesInstalled } from './scripts/test-services.ts';

// Integration tests each start real server processes; keep them from fighting over 2 cores.
const shared = { environment: 'node' as const, fileParallelism: false, testTimeout: 30_000, hookTimeout: 120_000 };

// The integration suite runs against SQLite always, and again against PostgreSQL + Redis when they
// are installed (CI installs them; there their absence is an error, not a skip).
const withPostgres = servicesInstalled();
if (!withPostgres) {
  if (process.env.CI) throw new Error('CI needs PostgreSQL and Redis: apt-get install -y postgresql redis-server (.ci/run does)');
  console.warn('PostgreSQL/Redis not installed: running the SQLite suite only (apt-get install -y postgresql redis-server for both).');
}

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: 'sqlite',
          include: ['lib/**/*.test.ts', 'stores/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['**/*.pg.test.ts', '**/node_modules/**'],
          provide: { dbProvider: 'sqlite' },
        },
      },
      ...(withPostgres
        ? [
            {
              test: {
                ...shared,
                name: 'postgres',
                include: ['test/integration/**/*.test.ts', '**/*.pg.test.ts'],
                exclude: ['**/node_modules/**'],
                globalSetup: ['test/services.global.ts'],
                provide: { dbProvider: 'postgres' as const },
              },
            },
          ]
        : []),
    ],
  },
});
