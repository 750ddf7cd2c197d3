import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { expectAccessible, expectTouchFriendly, screenshot, sendRequest, uniqueName, ARRIVED, ARRIVED_ZH } from './helpers.ts';

// Every customer screen, in both languages: axe finds no serious or critical violation, every
// control is a comfortable touch target, nothing scrolls sideways, and a full-page screenshot is
// saved to e2e/screenshots/<project>/ for a person to look at.

for (const locale of ['en', 'zh-CN'] as const) {
  test.describe(`${locale}`, () => {
    test.use({ locale });

    const check = async (page: Page, testInfo: TestInfo, name: string, opts: { fullPage?: boolean } = {}) => {
      await expectAccessible(page, `${name} (${locale})`);
      await expectTouchFriendly(page, `${name} (${locale})`);
      await screenshot(page, testInfo, `${locale}-${name}`, opts);
    };

    test(`every customer screen (${locale})`, async ({ page, context }, testInfo) => {
      test.setTimeout(150_000);
      // Loading: hold the first answer until the loading view has been checked.
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      await page.route('**/api/customers/me', async (route) => {
        await held;
        await route.fallback();
      });
      await page.goto('/');
      await expect(page.getByTestId('loading')).toBeVisible();
      await check(page, testInfo, '01-loading');
      release();
      await page.unroute('**/api/customers/me');
      await expect(page.getByTestId('find')).toBeVisible();
      await check(page, testInfo, '02-intro');

      // The server failing: words and a way out, no stack trace.
      await page.route('**/api/customers/me', (route) => route.fulfill({ status: 500, json: { error: { code: 'internal', message: 'x' } } }));
      await page.reload();
      await expect(page.getByTestId('load-error')).toBeVisible();
      await check(page, testInfo, '03-load-error');
      await page.unroute('**/api/customers/me');
      await page.getByTestId('load-error').getByRole('button').click();
      await expect(page.getByTestId('find')).toBeVisible();

      await page.getByTestId('find').click();
      await expect(page.getByTestId('agent-card')).toBeVisible();
      await check(page, testInfo, '04-find-card');

      const exhausted = page.getByTestId('exhausted');
      for (let i = 0; i < 40 && !(await exhausted.isVisible()); i++) {
        const name = await page.getByTestId('agent-name').innerText();
        await page.getByTestId('skip').click();
        await expect(page.getByTestId('agent-name').filter({ hasNotText: name }).or(exhausted)).toBeVisible();
      }
      await check(page, testInfo, '05-exhausted');
      await page.getByTestId('notify-me').click();
      await expect(page.getByTestId('waiting')).toBeVisible();
      await check(page, testInfo, '06-waiting');

      await page.getByRole('button', { name: locale === 'en' ? 'Stop waiting' : '停止等待' }).click();
      await page.getByTestId('start-over').click();
      await expect(page.getByTestId('agent-card')).toBeVisible();
      await page.getByTestId('choose').click();
      await expect(page.locator('#contact-name')).toBeVisible();
      await check(page, testInfo, '07-contact');
      await page.getByRole('button', { name: locale === 'en' ? 'Save and continue' : '保存并继续' }).click();
      await expect(page.getByTestId('contact-error')).toBeVisible();
      await check(page, testInfo, '08-contact-errors');

      await page.locator('#contact-name').fill(uniqueName(testInfo, locale === 'en' ? 'Screens' : '截图'));
      await page.locator('#contact-phone').fill('+86 138 0013 8000');
      await page.locator('#contact-email').fill('screens@example');
      await page.locator('form').getByRole('button').click();
      await expect(page.getByTestId('contact-error')).toBeVisible();
      await page.locator('#contact-email').fill('');
      await page.locator('form').getByRole('button').click();
      await expect(page.getByTestId('notice')).toBeVisible();
      await expect(page.getByTestId('requests-empty')).toBeVisible();
      await check(page, testInfo, '09-home-bound');

      await sendRequest(page, locale === 'en' ? 'The invoice has the wrong company name on it.' : '发票上的公司名称写错了，请帮我重新开一张。');
      await sendRequest(page, locale === 'en' ? 'Can I change the delivery address?' : '可以修改收货地址吗？');
      await expect(page.getByTestId('request')).toHaveCount(2);
      await expect(page.getByTestId('request-status').first()).toHaveText(locale === 'en' ? ARRIVED : ARRIVED_ZH);
      await check(page, testInfo, '10-home-requests');

      await page.getByTestId('find').click();
      await expect(page.getByTestId('change-dialog')).toBeVisible();
      // A modal covers the screen: picture what is on screen, not the whole page.
      await check(page, testInfo, '11-change-dialog', { fullPage: false });
      await page.keyboard.press('Escape');

      await context.setOffline(true);
      await expect(page.getByTestId('offline-banner')).toBeVisible();
      await sendRequest(page, locale === 'en' ? 'Written without a connection.' : '没有网络时写的请求。');
      await expect(page.locator('[data-status="queued"]')).toBeVisible();
      await check(page, testInfo, '12-home-offline');
      await context.setOffline(false);
      await expect(page.locator('[data-status="queued"]')).toHaveCount(0);

      await page.goto('/offline');
      await check(page, testInfo, '13-offline-page');
    });

    test(`at 360 px wide nothing overflows and every control stays touchable (${locale})`, async ({ page }, testInfo) => {
      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto('/');
      await expectTouchFriendly(page, 'intro 360');
      await page.getByTestId('find').click();
      await expect(page.getByTestId('agent-card')).toBeVisible();
      await expectTouchFriendly(page, 'find 360');
      await page.getByTestId('choose').click();
      await page.locator('form').getByRole('button').click();
      await expect(page.getByTestId('contact-error')).toBeVisible();
      await expectTouchFriendly(page, 'contact errors 360');
      await page.locator('#contact-name').fill(uniqueName(testInfo, 'Narrow'));
      await page.locator('#contact-im').fill('narrow_screen');
      await page.locator('form').getByRole('button').click();
      await expect(page.getByTestId('notice')).toBeVisible();
      await expectTouchFriendly(page, 'home 360');
      await screenshot(page, testInfo, `${locale}-360-home`);
    });
  });
}
