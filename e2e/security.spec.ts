import { expect, test } from '@playwright/test';
import { bindAgent, screenshot, uniqueName, waitForServiceWorker } from './helpers.ts';

// Issue 13: the nonce CSP must not break the app, its service worker or the shake listener; and no
// other site may frame the agent console.

test('the customer journey runs under the CSP with no violation, and the service worker still installs', async ({ page }, testInfo) => {
  await page.addInitScript(() => {
    (window as unknown as { __csp: string[] }).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const consoleCsp: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) consoleCsp.push(m.text());
  });
  const name = uniqueName(testInfo, 'Csp');
  await bindAgent(page, { contact: { name, email: `${name.replace(/\s/g, '').toLowerCase()}@example.com` } });
  await waitForServiceWorker(page);
  await page.reload();
  await expect(page.getByTestId('my-agent')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
  expect(consoleCsp).toEqual([]);
});

test('the agent console cannot be framed by another site', async ({ page, baseURL }) => {
  // A page that is not ours (about:blank with content) tries to frame /agent.
  await page.goto('about:blank');
  await page.setContent(`<iframe id="f" src="${baseURL}/agent" width="400" height="300"></iframe>`);
  await expect
    .poll(async () => {
      const f = page.frames().find((fr) => fr !== page.mainFrame());
      if (!f) return 'no frame';
      try {
        return (await f.locator('input[type="password"]').count()) > 0 ? 'console shown' : 'blocked';
      } catch {
        return 'blocked';
      }
    })
    .toBe('blocked');
});

for (const [locale, words] of [
  ['en-US', 'Too many sign-in attempts. Please wait a moment and try again.'],
  ['zh-CN', '登录尝试次数过多，请稍等片刻再试。'],
] as const) {
  test.describe(`sign-in refused for too many tries (${locale})`, () => {
    test.use({ locale });
    test('says so in words, not as a wrong password', async ({ page }, testInfo) => {
      // The server's answer when the throttle refuses (lib/security/throttle.ts); real limits are
      // exercised in test/integration/throttles.test.ts — here only what the agent reads.
      await page.route('**/api/agent/login', (route) =>
        route.fulfill({
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': '30' },
          body: JSON.stringify({ error: { code: 'rate_limited', message: 'Too many sign-in attempts.', field: 'rate' } }),
        }),
      );
      await page.goto('/agent');
      await page.locator('input[type="email"]').fill('li.ming@demo.local');
      await page.locator('input[type="password"]').fill('whatever');
      await page.locator('form button[type="submit"]').click();
      await expect(page.getByText(words)).toBeVisible();
      await screenshot(page, testInfo, `agent-sign-in-too-many-${locale}`);
    });
  });
}

// The admin sign-in (issue 14) goes through the same sign-in throttle: it says so in both languages.
for (const [locale, words] of [
  ['en-US', 'Too many sign-in attempts. Please wait a moment and try again.'],
  ['zh-CN', '登录尝试次数过多，请稍等片刻再试。'],
] as const) {
  test.describe(`admin sign-in refused for too many tries (${locale})`, () => {
    test.use({ locale });
    test('says so in words, not as a wrong password', async ({ page }, testInfo) => {
      await page.route('**/api/admin/login', (route) =>
        route.fulfill({
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': '30' },
          body: JSON.stringify({ error: { code: 'rate_limited', message: 'Too many sign-in attempts.', field: 'rate' } }),
        }),
      );
      await page.goto('/admin');
      await page.locator('input[type="email"]').fill('ops@demo.local');
      await page.locator('input[type="password"]').fill('whatever');
      await page.locator('form button[type="submit"]').click();
      // Next's route announcer is an (empty) alert too: the form's own alert is the one with the words.
      await expect(page.getByRole('alert').filter({ hasText: words })).toHaveText(words);
      await screenshot(page, testInfo, `admin-sign-in-too-many-${locale}`);
    });
  });
}
