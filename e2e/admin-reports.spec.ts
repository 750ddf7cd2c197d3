import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { createAdminByCommand, expectAccessible, screenshot } from './helpers';

// Issue 28: an admin opens /admin/reports, sees a week of requests as charts (each also a table and a
// CSV), picks another period and an agent, in both languages, on a phone (390×844) and at a desk (1366×900).
const DB = path.resolve(import.meta.dirname, '../data/e2e.db');
const EMAIL = 'reports@demo.local';
const PASSWORD = 'e2e-reports-password';
const MIN = 60_000;

/**
 * A week of history for agents of this spec only (inactive: never matched or offered anything in other
 * journeys), written into the e2e server's SQLite file as the app stores it. Fixed ids: the second
 * project's run finds them there.
 */
const seedHistory = () => {
  const db = new Database(DB);
  db.pragma('busy_timeout = 5000');
  const ts = (t: number) => new Date(t).toISOString().replace('Z', '+00:00');
  const now = Date.now();
  const agents = [
    ['creporta', 'Report Ada', '报表阿达'],
    ['creportb', 'Report Bo', '报表博'],
    ['creportc', 'Report Cai', '报表蔡'],
  ];
  db.transaction(() => {
    for (const [id, name, nameZh] of agents) {
      db.prepare(
        `INSERT OR IGNORE INTO "Agent" ("id","handle","email","name","nameZh","capability","capacity","activeBindings","active","status","connected","updatedAt") VALUES (?,?,?,?,?,60,40,?,0,'offline',0,?)`,
      ).run(id, id, `${id}@demo.local`, name, nameZh, id === 'creporta' ? 24 : 9, ts(now));
    }
    db.prepare(`INSERT OR IGNORE INTO "Customer" ("id","name","updatedAt") VALUES ('creportcustomer','Report Customer',?)`).run(ts(now));
    const insert = db.prepare(
      `INSERT OR IGNORE INTO "ServiceRequest" ("id","customerId","agentId","boundAgentId","message","status","idempotencyKey","offeredAt","firstOfferedAt","hops","createdAt","updatedAt","acknowledgedAt","resolvedAt") VALUES (?,'creportcustomer',?,?,'report history','resolved',?,?,?,?,?,?,?,?)`,
    );
    const rate = db.prepare(`INSERT OR IGNORE INTO "Rating" ("id","requestId","customerId","agentId","stars","createdAt","updatedAt") VALUES (?,?,'creportcustomer',?,?,?,?)`);
    for (let i = 0; i < 84; i++) {
      const created = now - (i % 6) * 24 * 60 * MIN - (2 + ((i * 7) % 10)) * 60 * MIN;
      const covered = i % 7 === 0;
      const agent = covered ? 'creportb' : i % 3 === 0 ? 'creportc' : 'creporta';
      const bound = covered ? 'creporta' : agent;
      const offered = created + (i % 5 === 0 ? 12 * MIN : 0);
      const acked = offered + (1 + (i % 6)) * MIN;
      const resolved = acked + (10 + (i % 9) * 5) * MIN;
      const id = `creportreq${i}`;
      insert.run(id, agent, bound, id, ts(offered), ts(offered), covered ? 1 : 0, ts(created), ts(resolved), ts(acked), ts(resolved));
      if (i % 2 === 0) rate.run(`creportrating${i}`, id, agent, [5, 4, 5, 3, 5, 2][i % 6], ts(resolved + MIN), ts(resolved + MIN));
    }
  })();
  db.close();
};

test.beforeAll(() => {
  createAdminByCommand(EMAIL, 'Reports', PASSWORD);
  seedHistory();
});

/** The sizes the issue asks for: a 390×844 phone, a 1366×900 desk. */
const sized = async (page: Page, testInfo: TestInfo) => page.setViewportSize(testInfo.project.name === 'phone' ? { width: 390, height: 844 } : { width: 1366, height: 900 });

test('the admin reads a week of requests as charts, tables and CSV, in both languages', async ({ page }, testInfo) => {
  await sized(page, testInfo);
  await page.goto('/admin/reports');
  await expect(page.getByRole('heading', { name: 'Admin sign-in' })).toBeVisible();
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
  await expect(page.getByTestId('report-summary')).toBeVisible();
  expect(Number(await page.getByTestId('report-requests').textContent())).toBeGreaterThanOrEqual(84);
  // Each chart is drawn (bars in an SVG) and described in words for a screen reader.
  for (const chart of ['chart-volume', 'chart-hours', 'chart-ratings', 'chart-binding', 'chart-covered-by']) {
    await expect(page.getByTestId(chart).locator('.recharts-bar-rectangle').first()).toBeVisible();
    await expect(page.getByTestId(chart).locator('.report-chart[role="img"]')).toHaveAttribute('aria-label', /\S/);
  }
  await expectAccessible(page, 'reports');
  await screenshot(page, testInfo, 'admin-reports-en');

  // The same numbers as a table, and as CSV from the API.
  await page.getByTestId('chart-volume-toggle').click();
  await expect(page.getByTestId('chart-volume').getByRole('table')).toBeVisible();
  await expect(page.getByTestId('chart-volume').getByRole('columnheader', { name: 'Requests' })).toBeVisible();
  const href = await page.getByTestId('chart-volume-csv').getAttribute('href');
  expect(href).toContain('format=csv');
  const csv = await page.request.get(href!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect((await csv.text()).split('\r\n')[0]).toBe('section,key,label,value');
  await expectAccessible(page, 'reports with a table');

  // One agent: the summary follows; a custom period with the dates the wrong way round says so in words.
  await page.getByTestId('report-agent').selectOption({ label: 'Report Ada' });
  await expect(page.getByTestId('report-summary')).toBeVisible();
  await page.getByRole('radio', { name: 'Custom', exact: true }).check();
  await page.getByTestId('report-from').fill('2026-11-10');
  await page.getByTestId('report-to').fill('2026-11-01');
  await page.getByTestId('report-apply').click();
  await expect(page.getByTestId('report-error')).toHaveText('Check the dates: the start must be before the end.');
  await page.getByTestId('report-from').fill('2020-01-01');
  await page.getByTestId('report-to').fill('2020-01-02');
  await page.getByTestId('report-apply').click();
  await expect(page.getByTestId('report-empty')).toHaveText('No requests in this period.');

  await page.context().addCookies([{ name: 'locale', value: 'zh-CN', url: page.url() }]);
  await page.reload();
  await expect(page.getByRole('heading', { name: '报表', level: 1 })).toBeVisible();
  await expect(page.getByTestId('chart-volume').locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(page.getByTestId('chart-volume-csv')).toHaveText('下载 CSV');
  await expectAccessible(page, 'reports zh-CN');
  await screenshot(page, testInfo, 'admin-reports-zh');
});

test('/admin links to the reports', async ({ page }, testInfo) => {
  await sized(page, testInfo);
  await page.goto('/admin');
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('admin-reports-link').click();
  await expect(page).toHaveURL(/\/admin\/reports$/);
  await expect(page.getByTestId('report-summary')).toBeVisible();
});
