import { expect, test, type Page } from '@playwright/test';
import { SignJWT } from 'jose';
import { E2E_IDENTITY_SECRET } from './chromium';
import { screenshot } from './helpers';

// Issue 25: a customer is a person, not a browser. The shop links to the app with a signed identity;
// a second browser with a new link for the same user finds the same agent and history. Without a
// shop, "Use on another device" shows a QR code whose link opens the account in another browser.

const shopLink = async (sub: string, claims: Record<string, string> = {}) => {
  const token = await new SignJWT({ sub, ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(E2E_IDENTITY_SECRET));
  return `/?identity=${token}`;
};

const words = {
  'en-US': { signedIn: /You're signed in on this device/, find: 'Find my agent', choose: 'Choose', send: /Send/, showCode: 'Show a code', copy: 'Copy link' },
  'zh-CN': { signedIn: /已在这台设备上登录/, find: '寻找我的客服', choose: '选择', send: /发送/, showCode: '显示代码', copy: '复制链接' },
} as const;


/** Chooses the best agent shown and writes one request; returns the agent's card name. */
const chooseAndWrite = async (page: Page, message: string) => {
  await page.getByTestId('find').click();
  await expect(page.getByTestId('agent-card')).toBeVisible();
  const name = (await page.getByTestId('agent-name').innerText()).trim();
  await page.getByTestId('choose').click();
  await expect(page.getByTestId('notice')).toBeVisible();
  await page.locator('#request-message').fill(message);
  await page.getByTestId('send-request').click();
  await expect(page.getByTestId('request').filter({ hasText: message })).toBeVisible();
  return name;
};

for (const locale of ['en-US', 'zh-CN'] as const) {
  test.describe(`a customer is a person (${locale})`, () => {
    test.use({ locale });

    test('a shop link on one browser, a new link for the same user on another: the same agent and history', async ({ page, browser }, testInfo) => {
      const sub = `shop-user-${testInfo.project.name}-${locale}-${Date.now()}`;
      await page.goto(await shopLink(sub, { name: locale === 'en-US' ? 'Mia Shopper' : '林小买', email: `${sub}@example.com`, locale: locale === 'en-US' ? 'en' : 'zh-CN' }));
      await expect(page.getByTestId('account-notice')).toContainText(words[locale].signedIn);
      // The token left the address bar (and the history) at once.
      expect(page.url()).not.toContain('identity=');
      await screenshot(page, testInfo, `identity-signed-in-${locale}`);
      const agent = await chooseAndWrite(page, `From my phone ${sub}`);

      const second = await browser.newContext({ viewport: page.viewportSize()!, locale, baseURL: testInfo.project.use.baseURL });
      const laptop = await second.newPage();
      await laptop.goto(await shopLink(sub));
      await expect(laptop.getByTestId('account-notice')).toContainText(words[locale].signedIn);
      await expect(laptop.getByTestId('agent-name')).toHaveText(agent);
      await expect(laptop.getByTestId('request').filter({ hasText: `From my phone ${sub}` })).toBeVisible();
      await screenshot(laptop, testInfo, `identity-second-browser-${locale}`);
      await second.close();
    });

    test('"Use on another device": a QR code and a link that opens the account in another browser', async ({ page, browser }, testInfo) => {
      const sub = `qr-user-${testInfo.project.name}-${locale}-${Date.now()}`;
      await page.goto(await shopLink(sub, { name: locale === 'en-US' ? 'Quinn' : '秦晴', email: `${sub}@example.com` }));
      await expect(page.getByTestId('account-notice')).toBeVisible();
      const agent = await chooseAndWrite(page, `Before the handoff ${sub}`);
      await page.goto('/settings');
      await page.getByTestId('handoff-make').click();
      await expect(page.getByTestId('handoff-qr')).toBeVisible();
      const url = (await page.getByTestId('handoff-url').innerText()).trim();
      expect(url).toMatch(/\/\?handoff=[A-Za-z0-9_-]{43}$/);
      await expect(page.getByRole('button', { name: words[locale].copy })).toBeVisible();
      await screenshot(page, testInfo, `handoff-qr-${locale}`);

      const other = await browser.newContext({ viewport: page.viewportSize()!, locale });
      const tablet = await other.newPage();
      await tablet.goto(url);
      await expect(tablet.getByTestId('account-notice')).toBeVisible();
      expect(tablet.url()).not.toContain('handoff=');
      await expect(tablet.getByTestId('agent-name')).toHaveText(agent);
      await expect(tablet.getByTestId('request').filter({ hasText: `Before the handoff ${sub}` })).toBeVisible();
      await screenshot(tablet, testInfo, `handoff-opened-${locale}`);
      // Used once: the same link again is refused in words.
      const third = await browser.newContext({ viewport: page.viewportSize()!, locale });
      const again = await third.newPage();
      await again.goto(url);
      await expect(again.getByTestId('account-notice')).toHaveAttribute('role', 'alert');
      await screenshot(again, testInfo, `handoff-used-${locale}`);
      await third.close();
      await other.close();
    });

    test('an address typed before the page has hydrated still counts: the button is not left disabled beside it', async ({ page }) => {
      // The page's scripts are held back until the address is in the field, as on a slow phone.
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      await page.route('**/_next/static/chunks/**', async (route) => {
        await held;
        await route.continue();
      });
      await page.goto('/sign-in', { waitUntil: 'commit' });
      await expect(page.getByTestId('sign-in-email')).toBeVisible();
      await page.getByTestId('sign-in-email').fill('early@example.com');
      release();
      await expect(page.getByTestId('sign-in-send')).toBeEnabled();
      await expect(page.getByTestId('sign-in-email')).toHaveValue('early@example.com');
    });

    test('a new device without a shop asks for a sign-in link by e-mail', async ({ page }, testInfo) => {
      await page.goto('/');
      await page.getByTestId('sign-in-entry').click();
      await expect(page).toHaveURL(/\/sign-in$/);
      await page.getByTestId('sign-in-email').fill('someone@example.com');
      await screenshot(page, testInfo, `sign-in-form-${locale}`);
      await page.getByTestId('sign-in-send').click();
      await expect(page.getByTestId('sign-in-sent')).toContainText('someone@example.com');
      await screenshot(page, testInfo, `sign-in-sent-${locale}`);
    });
  });
}
