import { expect, test } from './fixtures';
import { bindCustomerTo, openConsoleTools, screenshot, uniqueName } from './helpers.ts';

// Issue #17: the customer decides how they are reached (push, e-mail, language); the agent sets the
// hours customers can book calls in.
test('customer settings: e-mail off is saved on the server; the page speaks both languages', async ({ page }, testInfo) => {
  await bindCustomerTo(page, 'Chen Jing', uniqueName(testInfo, 'Settings'));
  await page.getByTestId('settings-link').click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  const toggle = page.getByTestId('email-toggle');
  await expect(toggle).toBeChecked();
  await toggle.uncheck();
  await expect(page.getByTestId('email-setting')).toContainText('Saved');
  const res = await page.request.get('/api/customers/me/settings');
  expect((await res.json()).settings).toMatchObject({ email: false, hasEmail: true });
  await expect(page.getByTestId('push-customer')).toBeVisible();
  await screenshot(page, testInfo, 'en-settings');
  await page.getByTestId('language-switcher').getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { name: '设置' })).toBeVisible();
  await expect(page.getByTestId('email-toggle')).not.toBeChecked();
  await screenshot(page, testInfo, 'zh-CN-settings');
});

test('agent settings: working hours and time zone are saved; an end before the start is explained', async ({ page, agent: me }, testInfo) => {
  await page.goto('/agent');
  await page.getByLabel('Email').fill(me.email);
  await page.getByLabel('Password').fill(me.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await openConsoleTools(page);
  await page.getByTestId('agent-settings-link').click();
  const form = page.getByTestId('hours-form');
  await expect(form).toBeVisible();
  await form.getByRole('combobox', { name: 'Time zone' }).selectOption('Europe/Paris');
  await form.getByLabel('Sat', { exact: true }).check();
  await form.getByLabel('From', { exact: true }).fill('10:00');
  await form.getByLabel('To', { exact: true }).fill('12:00');
  await form.getByRole('button', { name: 'Save hours' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
  const saved = (await (await page.request.get('/api/agent/settings')).json()).settings;
  expect(saved).toEqual({ timeZone: 'Europe/Paris', workingHours: { days: [1, 2, 3, 4, 5, 6], start: '10:00', end: '12:00' } });
  await screenshot(page, testInfo, 'en-agent-settings');
  await form.getByLabel('To', { exact: true }).fill('09:00');
  await form.getByRole('button', { name: 'Save hours' }).click();
  await expect(form.getByRole('alert')).toHaveText('The end must be after the start.');
  await page.getByTestId('language-switcher').getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { name: '设置' })).toBeVisible();
  await screenshot(page, testInfo, 'zh-CN-agent-settings');
});
