import { expect, test, type Page } from '@playwright/test';
import { MOTION_PERMISSION_KEY } from '../lib/shake/permission';
import { expectAccessible, screenshot, uniqueName } from './helpers';

// The customer-app rough edges of issue 15's walkthrough, in both languages, at 390×844 (phone project)
// and 1366×900 (desktop project): the no-agents screen's title, the wait for the next card, the contact
// form's messages, and what the shake hint claims.

const WORDS = {
  en: {
    findTitle: 'Best agent online now',
    allSkipped: 'You have seen every agent online',
    findingNext: 'Finding the next agent online…',
    contactTitle: 'How can your agent reach you?',
    save: 'Save and continue',
    name: 'Name',
    email: 'Email',
    nameMissing: 'Tell us your name.',
    reachMissing: 'Give at least one way to reach you: phone, email or IM account.',
    emailBad: 'Enter an email address such as li@example.com.',
    emailHint: 'For example li@example.com.',
    summary: '2 things need fixing; they are marked below.',
    notice: /is now your exclusive agent\.$/,
    noReadings: 'This browser is not sending motion readings, so shaking is off here. Tap the button to find your agent.',
    allowOnce: 'Tap the button once to allow shaking; after that, a shake finds your agent.',
    falseClaims: /No motion sensor found|already allowed|worked on this phone before/,
  },
  'zh-CN': {
    findTitle: '当前在线的最佳客服',
    allSkipped: '您已看过所有在线客服',
    findingNext: '正在寻找下一位在线客服…',
    contactTitle: '客服怎样联系您？',
    save: '保存并继续',
    name: '姓名',
    email: '邮箱',
    nameMissing: '请填写您的姓名。',
    reachMissing: '请至少留一种联系方式：手机号、邮箱或即时通讯账号。',
    emailBad: '请输入有效的邮箱地址，例如 li@example.com。',
    emailHint: '例如 li@example.com。',
    summary: '有 2 处需要修改，已在下方标出。',
    notice: /现在是您的专属客服。$/,
    noReadings: '此浏览器没有提供运动数据，摇一摇在这里无法使用。请点击按钮寻找您的客服。',
    allowOnce: '请先点击一次按钮以允许摇一摇，之后摇动手机即可寻找客服。',
    falseClaims: /未检测到运动传感器|已在此手机上允许|之前在这部手机上可以使用/,
  },
} as const;

test.beforeEach(async ({ page }, testInfo) => {
  await page.setViewportSize(testInfo.project.name === 'phone' ? { width: 390, height: 844 } : { width: 1366, height: 900 });
});

const heading = (page: Page) => page.getByRole('heading', { level: 1 });

for (const locale of ['en', 'zh-CN'] as const) {
  const w = WORDS[locale];
  test.describe(locale, () => {
    test.use({ locale });

    test(`while the next card loads nothing can be decided; with nobody left the title says so (${locale})`, async ({ page }, testInfo) => {
      // The skip's answer is held so the wait can be looked at; then it says everyone has been seen.
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      await page.route('**/api/matches/*/skip', async (route) => {
        await held;
        await route.fulfill({ status: 200, json: { matchId: 'held', agent: null, reason: 'all_skipped', remaining: 0 } });
      });
      await page.goto('/');
      await page.getByTestId('find').click();
      await expect(page.getByTestId('agent-card')).toBeVisible();
      await expect(heading(page)).toHaveText(w.findTitle);

      await page.getByTestId('skip').click();
      await expect(page.getByTestId('next-loading')).toBeVisible();
      await expect(page.getByTestId('agent-card')).toHaveCount(0);
      await expect(page.getByText(w.findingNext)).toBeVisible();
      for (const id of ['skip', 'choose']) {
        const button = page.getByTestId(id);
        await expect(button).toBeDisabled();
        // …and looks it: grey and flat, not the bright button it was.
        await expect(button).toHaveCSS('cursor', 'not-allowed');
        await expect(button).toHaveCSS('opacity', '1');
      }
      const chooseBg = await page.getByTestId('choose').evaluate((el) => getComputedStyle(el).backgroundColor);
      const accent = await page.evaluate(() => {
        const probe = document.createElement('span');
        probe.style.color = 'var(--accent)';
        document.body.append(probe);
        const c = getComputedStyle(probe).color;
        probe.remove();
        return c;
      });
      expect(chooseBg).not.toBe(accent);
      // Neither the keys nor a forced click choose anyone meanwhile.
      await page.getByTestId('next-loading').locator('..').press('ArrowRight');
      await page.getByTestId('choose').click({ force: true });
      await expect(heading(page)).toHaveText(w.findTitle);
      await expectAccessible(page, `find, next card loading (${locale})`);
      await screenshot(page, testInfo, `rough-${locale}-find-next-loading`);

      release();
      await expect(page.getByTestId('exhausted')).toBeVisible();
      await expect(heading(page)).toHaveText(w.allSkipped);
      await expect(page.getByText(w.findTitle)).toHaveCount(0);
      await expect(page.getByText(w.allSkipped)).toHaveCount(1);
      await expectAccessible(page, `find, exhausted (${locale})`);
      await screenshot(page, testInfo, `rough-${locale}-find-exhausted`);
    });

    test(`each contact-form message is said once, under its field, in place of its hint (${locale})`, async ({ page }, testInfo) => {
      await page.goto('/');
      await page.getByTestId('find').click();
      await expect(page.getByTestId('agent-card')).toBeVisible();
      await page.getByTestId('choose').click();
      await expect(heading(page)).toHaveText(w.contactTitle);
      await page.getByRole('button', { name: w.save }).click();

      await expect(page.getByTestId('contact-error')).toHaveText(w.summary);
      for (const message of [w.nameMissing, w.reachMissing]) await expect(page.getByText(message, { exact: true })).toHaveCount(1);
      await expect(page.getByTestId('field-error')).toHaveCount(2);
      await expect(page.getByLabel(w.name, { exact: true })).toBeFocused();
      await expect(page.getByLabel(w.name, { exact: true })).toHaveAccessibleDescription(w.nameMissing);
      await expectAccessible(page, `contact errors (${locale})`);
      await screenshot(page, testInfo, `rough-${locale}-contact-errors`, { fullPage: true });

      // A bad email: its message, with its example, replaces the hint that had the same example.
      await page.getByLabel(w.name, { exact: true }).fill(uniqueName(testInfo, locale === 'en' ? 'Once' : '一次'));
      await page.getByLabel(w.email, { exact: true }).fill('once@');
      await page.getByRole('button', { name: w.save }).click();
      await expect(page.getByText(w.emailBad, { exact: true })).toHaveCount(1);
      await expect(page.getByText(w.emailHint, { exact: true })).toHaveCount(0);
      const describedBy = (await page.getByLabel(w.email, { exact: true }).getAttribute('aria-describedby')) ?? '';
      expect(describedBy.split(' ')).toContain('contact-email-error');
      expect(describedBy.split(' ')).not.toContain('contact-email-hint');
      await expect(page.locator('#contact-email-error')).toHaveText(w.emailBad);
      await expect(page.getByTestId('contact-error')).not.toContainText(w.emailBad);
      // Fixed: the hint comes back in place of the message.
      await page.getByLabel(w.email, { exact: true }).fill('once@example.com');
      await expect(page.getByText(w.emailBad, { exact: true })).toHaveCount(0);
      await expect(page.getByText(w.emailHint, { exact: true })).toHaveCount(1);
      await expect(page.getByTestId('contact-error')).toHaveCount(0);
    });

    test(`the shake hint under "Change my agent" claims neither a missing sensor nor a grant nobody gave (${locale})`, async ({ page }, testInfo) => {
      // This Chromium answers DeviceMotionEvent.requestPermission with 'granted' without asking anyone,
      // and sends no motion at all: as a phone whose browser blocks motion would.
      await page.goto('/');
      await page.getByTestId('find').click();
      await expect(page.getByTestId('agent-card')).toBeVisible();
      await page.getByTestId('choose').click();
      await page.getByLabel(w.name, { exact: true }).fill(uniqueName(testInfo, locale === 'en' ? 'Hint' : '提示'));
      await page.getByLabel(w.email, { exact: true }).fill('hint@example.com');
      await page.getByRole('button', { name: w.save }).click();
      await expect(page.getByTestId('notice')).toHaveText(w.notice);

      const change = page.getByTestId('my-agent').locator('..');
      await expect(page.getByText(w.noReadings)).toBeVisible();
      await expect(change).not.toContainText(w.falseClaims);
      await screenshot(page, testInfo, `rough-${locale}-home-shake-hint`, { fullPage: true });

      // The next visit: no motion ever arrived, so nothing was remembered and no grant is claimed.
      expect(await page.evaluate((key) => localStorage.getItem(key), MOTION_PERMISSION_KEY)).toBeNull();
      await page.reload();
      await expect(page.getByTestId('my-agent')).toBeVisible();
      await expect(page.getByText(w.allowOnce)).toBeVisible();
      await expect(page.locator('main')).not.toContainText(w.falseClaims);
    });
  });
}

test('a first visit gets the intro in the server HTML; only a returning visitor waits for the session', async ({ request, baseURL }) => {
  // Page speed (issue 15): the first screen of a new visitor needs nothing from /api/customers/me.
  const first = await (await request.get('/', { headers: { cookie: '', 'accept-language': 'en' } })).text();
  expect(first).toContain('data-testid="find"');
  expect(first).not.toContain('data-testid="loading"');
  const returning = await (await request.get('/', { headers: { cookie: 'ea_customer=not-a-session-any-more', 'accept-language': 'en' } })).text();
  expect(returning).toContain('data-testid="loading"');
  expect(baseURL).toBeTruthy();
});
