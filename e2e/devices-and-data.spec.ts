import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { bindCustomerTo, screenshot, sendRequest, uniqueName } from './helpers.ts';

// Issue 25, part 3: the customer's devices (one signed out from another) and their data (downloaded,
// then erased) from the settings page, in both languages.

const LAPTOP_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

test('your devices: the laptop is signed out from the phone; its next call is refused and it starts over', async ({ page, browser }, testInfo) => {
  const name = uniqueName(testInfo, 'Devices');
  await bindCustomerTo(page, 'Li Ming', name);

  // The other device comes in through "Use on another device" (the handoff link), as a person would.
  await page.getByTestId('settings-link').click();
  await page.getByTestId('handoff-make').click();
  const url = (await page.getByTestId('handoff-url').innerText()).trim();
  const laptop = await browser.newContext({ userAgent: LAPTOP_UA, viewport: { width: 1280, height: 800 } });
  const other = await laptop.newPage();
  await other.goto(url);
  await expect(other.getByTestId('my-agent')).toContainText('Li Ming');

  await page.reload();
  const devices = page.getByTestId('devices');
  await expect(devices.getByRole('heading', { name: 'Your devices' })).toBeVisible();
  await expect(devices.getByTestId('device')).toHaveCount(2);
  const here = devices.locator('[data-testid="device"][data-current="true"]');
  await expect(here).toContainText('This device');
  await expect(here.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  const there = devices.locator('[data-testid="device"][data-current="false"]');
  await expect(there).toContainText('Chrome · Windows');
  await screenshot(page, testInfo, 'en-settings-devices');

  await there.getByRole('button', { name: 'Sign out' }).click();
  await expect(devices.getByRole('status')).toHaveText('That device is signed out.');
  await expect(devices.getByTestId('device')).toHaveCount(1);

  // The laptop: refused at once, and its app starts from the first screen.
  expect((await other.request.get('/api/customers/me/settings')).status()).toBe(401);
  await other.reload();
  await expect(other.getByTestId('find')).toBeVisible();
  await expect(other.getByTestId('my-agent')).toHaveCount(0);
  await laptop.close();

  // The phone is still signed in, and the page speaks Chinese too.
  await page.getByTestId('language-switcher').getByRole('button', { name: '中文' }).click();
  await expect(devices.getByRole('heading', { name: '您的设备' })).toBeVisible();
  await expect(here).toContainText('本设备');
  await expect(devices.getByRole('status')).toHaveText('该设备已退出登录。');
  await screenshot(page, testInfo, 'zh-CN-settings-devices');
  await page.getByTestId('language-switcher').getByRole('button', { name: 'English' }).click();
});

test('your data: downloaded as a file, then erased after a confirmation; the app starts over', async ({ page }, testInfo) => {
  const name = uniqueName(testInfo, 'Leaving');
  await bindCustomerTo(page, 'Li Ming', name);
  await sendRequest(page, 'Where is my parcel?');
  await page.getByTestId('settings-link').click();
  const data = page.getByTestId('my-data');
  await expect(data.getByRole('heading', { name: 'Your data' })).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent('download'), data.getByTestId('download-data').click()]);
  expect(download.suggestedFilename()).toMatch(/^exclusive-agent-my-data-\d{4}-\d{2}-\d{2}\.json$/);
  const file = JSON.parse(await readFile((await download.path())!, 'utf8'));
  expect(file.profile.name).toBe(name);
  expect(file.requests.map((r: { message: string }) => r.message)).toContain('Where is my parcel?');

  // Asked first, in words: what goes, what stays, no way back. "Keep my data" changes nothing.
  await data.getByTestId('delete-data').click();
  const confirm = data.getByTestId('erase-confirm');
  await expect(confirm).toContainText('This cannot be undone.');
  await expect(confirm).toContainText('What stays, without your name');
  await screenshot(page, testInfo, 'en-settings-erase-confirm');
  await confirm.getByRole('button', { name: 'Keep my data' }).click();
  await expect(confirm).toHaveCount(0);
  expect((await (await page.request.get('/api/customers/me')).json()).customer.name).toBe(name);

  await page.getByTestId('language-switcher').getByRole('button', { name: '中文' }).click();
  await data.getByTestId('delete-data').click();
  await expect(confirm).toContainText('此操作无法撤销。');
  await screenshot(page, testInfo, 'zh-CN-settings-erase-confirm');
  await confirm.getByRole('button', { name: '是的，删除我的数据' }).click();

  // Back at the first screen, a stranger: no agent, no requests, no session.
  await page.waitForURL((url) => url.pathname === '/');
  await expect(page.getByTestId('find')).toBeVisible();
  await expect(page.getByTestId('my-agent')).toHaveCount(0);
  await expect(page.getByText('Where is my parcel?')).toHaveCount(0);
  expect((await (await page.request.get('/api/customers/me')).json()).customer).toBeNull();
  await screenshot(page, testInfo, 'zh-CN-after-erase');
  await page.getByTestId('language-switcher').getByRole('button', { name: 'English' }).click();
});
