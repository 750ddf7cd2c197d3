import { expect, test } from '@playwright/test';
import { bindAgent, uniqueName, waitForServiceWorker } from './helpers.ts';

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
