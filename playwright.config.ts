import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunch as chromium, E2E_HTTPS_PORT, E2E_IDENTITY_SECRET, E2E_PORT as PORT } from './e2e/chromium';

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: { baseURL: `http://127.0.0.1:${PORT}`, trace: 'retain-on-failure' },
  projects: [
    { name: 'phone', use: { ...devices['Pixel 7'], launchOptions: chromium } },
    {
      name: 'desktop',
      use: { ...devices['Desktop Chrome'], launchOptions: chromium },
      // Two-person journeys (customer on a phone, agent at a desk) and shake replays run once, on the phone.
      testIgnore: /(exclusive-agent|agent-console|agent-inbox|customer-fallback|shake|newcomer-demo|ratings-gifts|attachments)\.spec\.ts/,
    },
  ],
  webServer: {
    // A fresh SQLite file each run, built by the migrations and the seed, then the real server.
    command: 'rm -f data/e2e.db data/e2e.db-* && node --import tsx scripts/db-setup.ts && node --import tsx scripts/build-server.ts --if-stale && node --enable-source-maps .next/app-server/server.mjs',
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      NODE_ENV: 'production',
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATABASE_URL: 'file:./data/e2e.db',
      SESSION_SECRET: 'e2e-secret-0123456789abcdef',
      NEXT_TELEMETRY_DISABLED: '1',
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
      // Journeys share one server: an agent whose console closed must not turn "away", nor an
      // unanswered request move to another agent's console, halfway through someone else's spec.
      // Those timers have their own integration tests (test/integration/agent-console, fallback).
      PRESENCE_GRACE_MS: '3600000',
      ACCEPT_TIMEOUT_MS: '3600000',
      // All specs' customers and agents come from 127.0.0.1 to one server: throttles raised, not off.
      RATE_LIMIT_MULTIPLIER: '20',
      // The specs rely on the seeded ranking (Li Ming first); the capability job has its own tests.
      CAPABILITY_SCHEDULE: 'off',
      // /admin's "run roster now" reads this fixture (e2e/admin.spec.ts); no scheduled sync.
      ROSTER_SOURCE: 'test/fixtures/roster.json',
      ROSTER_SCHEDULE: 'off',
      // The demo crowd keeps the seeded online agents at real consoles (as `npm start` does), quicker
      // than for a person. No journey signs in as a demo agent (the demo would go quiet for the rest of
      // the run): one that needs an agent's own console gets agents of its own (e2e/fixtures.ts) from
      // the test-only seeding API, which exists only with this flag (test/seed; 404 otherwise).
      DEMO_AGENTS: '1',
      // The browser, the test runner and the server share two cores: the server's event loop lags
      // for reasons that are not its own load. Shedding on that delay has unit tests
      // (lib/http/admission.test.ts) and is measured in bench:alerts; overload itself is tested by
      // test/integration/overload.test.ts through MAX_IN_FLIGHT.
      MAX_EVENT_LOOP_DELAY_MS: '0',
      TEST_SEED_API: '1',
      // e2e/admin-integrations.spec.ts points a webhook at a receiver on this machine (plain http, loopback).
      WEBHOOKS_ALLOW_HTTP: '1',
      WEBHOOKS_ALLOW_PRIVATE: '1',
      // Longer than the 7-day booking window: any booked callback is due at once, so the reminder
      // is seen within a sweep (the rule itself has unit tests with an injected clock).
      CALLBACK_REMINDER_LEAD_MS: String(8 * 24 * 3600_000),
      // A shop's signed identity (e2e/customer-identity.spec.ts signs tokens with the same secret).
      IDENTITY_SECRET: E2E_IDENTITY_SECRET,
      // The phone's way in (e2e/phone-https.spec.ts): the self-signed HTTPS port, certificate kept in data/tls.
      HTTPS_PORT: String(E2E_HTTPS_PORT),
      DEMO_ACK_MIN_MS: '300',
      DEMO_ACK_MAX_MS: '800',
      DEMO_RESOLVE_MS: '5000',
    },
  },
});
