import { expect, test, type Page } from '@playwright/test';
import { chromiumLaunch, E2E_HTTPS_PORT, E2E_PORT } from './chromium';
import { screenshot } from './helpers';
import { replayMotion, syntheticShake } from './motion';

// Issue 23: try the shake on a real phone. A phone opening http://<this computer's address>:3000 gets a
// page that is not a secure context, where browsers send no motion; the server's HTTPS port (a
// certificate it made itself) is one. `phone.test` stands for this computer's LAN address: Chromium
// resolves it to 127.0.0.1, so nothing leaves the machine, but the page is not "localhost" (which
// browsers trust even over plain http) — it is what the phone sees. Chromium is told to accept the
// certificate, as the person does at the phone's warning.
test.use({
  ignoreHTTPSErrors: true,
  launchOptions: { ...chromiumLaunch, args: [...chromiumLaunch.args, '--host-resolver-rules=MAP phone.test 127.0.0.1'] },
});

const secure = `https://phone.test:${E2E_HTTPS_PORT}/`;
const plain = `http://phone.test:${E2E_PORT}/`;
const motionFacts = (page: Page) =>
  page.evaluate(async () => {
    // On a page that is not a secure context the interface may not exist at all.
    const motion = typeof DeviceMotionEvent === 'undefined' ? null : (DeviceMotionEvent as unknown as { requestPermission?: () => Promise<string> });
    const request = motion?.requestPermission?.bind(motion);
    return { secure: window.isSecureContext, permission: typeof request === 'function' ? await request() : 'no requestPermission' };
  });

for (const [locale, hint] of [
  ['en-US', /Shaking only works on a secure page/],
  ['zh-CN', /摇一摇只能在加密连接/],
] as const) {
  test.describe(`the phone's page (${locale})`, () => {
    test.use({ locale });

    test('over the HTTPS port it is a secure context: motion can be asked for, and a shake finds an agent', async ({ page }, testInfo) => {
      await page.goto(secure);
      expect(await motionFacts(page)).toEqual({ secure: true, permission: 'granted' });
      await expect(page.getByText(hint)).toHaveCount(0);
      await screenshot(page, testInfo, `phone-https-${locale}`);
      if (!testInfo.project.use.isMobile) return;
      // A brisk shake while the page listens shows the best agent online (the demo crowd is seated).
      await expect(async () => {
        await replayMotion(page, syntheticShake({ restMs: 600, shakeMs: 1800 }));
        await expect(page.getByTestId('agent-card')).toBeVisible({ timeout: 1500 });
      }).toPass({ timeout: 20_000 });
      await screenshot(page, testInfo, `phone-https-shaken-${locale}`);
    });

    test('over plain http from the network it is not, and the page says why in words', async ({ page }, testInfo) => {
      await page.goto(plain);
      expect((await motionFacts(page)).secure).toBe(false);
      await expect(page.getByText(hint)).toBeVisible();
      await screenshot(page, testInfo, `phone-http-insecure-${locale}`);
    });
  });
}
