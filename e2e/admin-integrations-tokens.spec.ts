import { expect, test, type Page } from '@playwright/test';
import { createAdminByCommand, expectAccessible, screenshot } from './helpers';

// Issue 29: an admin makes an API token for the shop's servers on /admin/integrations, sees it once,
// the token reads /api/v1, and revoking it (after a question) ends it. Screens in both languages at
// 1366×900 (desktop project) and 390×844 (phone project), each checked with axe.
const EMAIL = 'tokens-admin@demo.local';
const PASSWORD = 'e2e-admin-password';

test.beforeAll(() => createAdminByCommand(EMAIL, 'Token Keeper', PASSWORD));

test.beforeEach(async ({ page }, testInfo) => {
  await page.setViewportSize(testInfo.project.name === 'phone' ? { width: 390, height: 844 } : { width: 1366, height: 900 });
});

const signInAsAdmin = async (page: Page) => {
  await page.goto('/admin');
  await page.getByLabel('Email', { exact: true }).fill(EMAIL);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('admin-who')).toHaveText('Signed in as Token Keeper');
};

test('an admin makes an API token, sees it once, the shop reads with it, and revoking it ends it', async ({ page }, testInfo) => {
  const name = `CRM sync ${testInfo.project.name}`;
  await signInAsAdmin(page);
  await page.goto('/admin/integrations');
  const panel = page.getByTestId('api-tokens');
  await expect(panel.getByRole('heading', { name: 'API tokens' })).toBeVisible();
  await expect(panel.getByText('Loading…')).toBeHidden();

  // Nothing chosen: the form says what is missing, in words.
  const form = panel.getByTestId('api-token-form');
  await form.getByLabel('Name (which system uses it)').fill(name);
  await form.getByRole('button', { name: 'Make token' }).click();
  await expect(form.getByRole('alert')).toHaveText('Choose at least one thing it may read.');

  await form.getByRole('checkbox', { name: /requests:read/ }).check();
  await form.getByRole('checkbox', { name: /agents:read/ }).check();
  await form.getByRole('button', { name: 'Make token' }).click();
  const shown = panel.getByTestId('api-token-shown');
  await expect(shown).toContainText(`The token “${name}” was made`);
  const token = await shown.getByLabel('API token').inputValue();
  expect(token).toMatch(/^eat_[A-Za-z0-9_-]{43}$/);
  const item = panel.getByTestId('api-token').filter({ hasText: name });
  await expect(item).toContainText('requests:read agents:read');
  await expect(item).toContainText('never used');
  await expectAccessible(page, 'API token shown once');
  await screenshot(page, testInfo, 'api-token-shown-en');

  // The shop's server reads with it.
  const read = await page.request.get('/api/v1/agents?limit=2', { headers: { authorization: `Bearer ${token}` } });
  expect(read.status()).toBe(200);
  expect((await read.json()).agents.length).toBeGreaterThan(0);

  // Once put away, the token is nowhere on the page again, nor after a reload.
  await shown.getByRole('button', { name: 'I have copied it' }).click();
  await expect(shown).toBeHidden();
  await page.reload();
  await expect(item).toContainText('last used');
  expect(await page.content()).not.toContain(token);

  // Chinese: the list with its last use.
  await page.context().addCookies([{ name: 'locale', value: 'zh-CN', url: page.url() }]);
  await page.reload();
  await expect(panel.getByRole('heading', { name: 'API 令牌' })).toBeVisible();
  await expect(item).toContainText('最近使用');
  await expectAccessible(page, 'API tokens (zh-CN)');
  await screenshot(page, testInfo, 'api-tokens-list-zh');

  // Revoke asks first: saying no changes nothing; yes ends the token at once.
  page.once('dialog', (d) => void d.dismiss());
  await item.getByRole('button', { name: '吊销' }).click();
  await expect(item).toContainText('有效');
  page.once('dialog', (d) => {
    expect(d.message()).toContain(name);
    void d.accept();
  });
  await item.getByRole('button', { name: '吊销' }).click();
  await expect(item).toContainText('已吊销');
  await expect(item.getByRole('button', { name: '吊销' })).toHaveCount(0);
  expect((await page.request.get('/api/v1/agents', { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);
  await screenshot(page, testInfo, 'api-tokens-revoked-zh');

  // And in English, revoked.
  await page.context().addCookies([{ name: 'locale', value: 'en', url: page.url() }]);
  await page.reload();
  await expect(item).toContainText('Revoked');
  await expectAccessible(page, 'API tokens revoked (en)');
  await screenshot(page, testInfo, 'api-tokens-revoked-en');
});
