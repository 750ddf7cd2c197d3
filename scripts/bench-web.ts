// npm run bench:web [-- --build]
// Measures what JavaScript a first-time visitor downloads: `/` (the customer app) against `/bare`
// (the same build and root layout, no client code of its own), each script gzipped on its own,
// everything loaded until start-up is over (so workbox-window, fetched right after load, counts too).
// Writes the "## Web bundle" section of docs/benchmarks.md; exits 1 if `/` is over budget.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, devices } from 'playwright-core';
import { startServer } from '../test/helpers/server.ts';

/** The issue's budget: what the customer page may add on top of the framework's floor. */
const BUDGET_EXTRA_KB = 35;
const BUDGET_TOTAL_KB = 170;
const PAGES = ['/', '/bare'] as const;
const DOC = path.join(process.cwd(), 'docs/benchmarks.md');
const kb = (bytes: number) => bytes / 1024;
const fmt = (bytes: number) => kb(bytes).toFixed(1);

type Script = { url: string; raw: number; gzip: number };

if (process.argv.includes('--build') || !existsSync('.next/BUILD_ID')) {
  execSync('npm run build', { stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
}
const buildId = (await readFile('.next/BUILD_ID', 'utf8')).trim();

const server = await startServer({ env: { LOG_LEVEL: 'info' } });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});

const measure = async (pagePath: string): Promise<Script[]> => {
  // A fresh context per page: empty HTTP cache. The service worker's own precache downloads are
  // not the page's and are not reported here.
  const context = await browser.newContext({ ...devices['Pixel 7'] });
  const page = await context.newPage();
  const pending: Promise<Script | null>[] = [];
  page.on('response', (res) => {
    if (res.request().resourceType() !== 'script') return;
    pending.push(
      res
        .body()
        .then((body) => ({ url: new URL(res.url()).pathname, raw: body.length, gzip: gzipSync(body, { level: 9 }).length }))
        .catch(() => null),
    );
  });
  await page.goto(server.url + pagePath, { waitUntil: 'load' });
  // The app's last start-up step is registering the service worker (workbox-window is fetched for
  // it after `load`): wait for that, so the lazy chunk is counted every time, not by luck.
  if (pagePath === '/') await page.evaluate(() => navigator.serviceWorker.ready.then(() => null));
  await page.waitForLoadState('networkidle');
  const scripts = (await Promise.all(pending)).filter((s): s is Script => s !== null);
  await context.close();
  return scripts;
};

let results: Record<string, Script[]>;
try {
  results = Object.fromEntries(await Promise.all(PAGES.map(async (p) => [p, await measure(p)] as const)));
} finally {
  await browser.close();
  await server.stop();
}

const total = (s: Script[]) => s.reduce((a, b) => a + b.gzip, 0);
const rawTotal = (s: Script[]) => s.reduce((a, b) => a + b.raw, 0);
const app = results['/']!;
const bare = results['/bare']!;
const extra = total(app) - total(bare);
const bareUrls = new Set(bare.map((s) => s.url));
const ownScripts = app.filter((s) => !bareUrls.has(s.url)).sort((a, b) => b.gzip - a.gzip);
const withinBudget = kb(extra) <= BUDGET_EXTRA_KB && kb(total(app)) <= BUDGET_TOTAL_KB;

const section = [
  '## Web bundle',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:web\` (build \`${buildId}\`; headless Debian`,
  'Chromium, Pixel 7 profile, empty cache; every script the page itself loads until its service worker is ready',
  'and the network is idle, each gzipped at level 9; the worker\'s precache downloads are not counted).',
  '',
  '| page | scripts | raw KB | gzip KB |',
  '|---|---:|---:|---:|',
  `| \`/bare\` (framework floor) | ${bare.length} | ${fmt(rawTotal(bare))} | ${fmt(total(bare))} |`,
  `| \`/\` (customer app) | ${app.length} | ${fmt(rawTotal(app))} | ${fmt(total(app))} |`,
  `| **added by the customer app** | ${ownScripts.length} | | **${fmt(extra)}** |`,
  '',
  `Budget: at most ${BUDGET_EXTRA_KB} KB gzip on top of the floor and ${BUDGET_TOTAL_KB} KB in total — ${withinBudget ? '**within budget**' : '**OVER BUDGET**'}.`,
  'Loaded later, only where needed (not in these figures): socket.io-client once the visitor is a customer,',
  'the contact form with zod when someone chooses an agent without contact details.',
  '',
  'Scripts `/` loads that `/bare` does not:',
  '',
  '| script | gzip KB |',
  '|---|---:|',
  ...ownScripts.map((s) => `| \`${s.url}\` | ${fmt(s.gzip)} |`),
  '',
].join('\n');

const existing = existsSync(DOC) ? await readFile(DOC, 'utf8') : '# Benchmarks\n\nMeasured figures and the commands that made them.\n';
// Replace only our section; other sections (e.g. "## Shake detection") belong to others.
const start = existing.indexOf('## Web bundle');
let doc: string;
if (start === -1) {
  doc = `${existing.trimEnd()}\n\n${section}`;
} else {
  const next = existing.indexOf('\n## ', start + 1);
  doc = `${existing.slice(0, start)}${section}${next === -1 ? '' : `\n${existing.slice(next + 1)}`}`;
}
await writeFile(DOC, doc.trimEnd() + '\n');

console.log(section);
if (!withinBudget) {
  console.error(`bench:web: the customer page adds ${fmt(extra)} KB gzip (budget ${BUDGET_EXTRA_KB}) for ${fmt(total(app))} KB total (budget ${BUDGET_TOTAL_KB}).`);
  process.exit(1);
}
