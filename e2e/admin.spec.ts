import { expect, test } from '@playwright/test';
import { createAdminByCommand, expectAccessible, screenshot } from './helpers';

// Issue 14: an admin made by the command signs in at /admin, runs the roster job and sees its record.
const EMAIL = 'ops@demo.local';
const PASSWORD = 'e2e-admin-password';

test.beforeAll(() => createAdminByCommand(EMAIL, 'Ops', PASSWORD));

test('the admin signs in, runs the roster job from the page and sees its record', async ({ page }, testInfo) => {
  await page.goto('/admin');
  await expect(page.getByRole('heading', { name: 'Admin sign-in' })).toBeVisible();
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'wrong' })).toHaveText('Email or password is wrong.');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('admin-who')).toHaveText('Signed in as Ops');
  await expect(page.getByTestId('admin-agent').filter({ hasText: 'li.ming@demo.local' })).toBeVisible();

  const before = await page.getByTestId('job-run').count();
  await page.getByTestId('run-roster').click();
  await expect(page.getByTestId('job-message')).toHaveText('roster sync: succeeded.');
  await expect(page.getByTestId('job-run')).toHaveCount(before + 1);
  const latest = page.getByTestId('job-run').first();
  await expect(latest).toHaveAttribute('data-job', 'roster');
  await expect(latest).toContainText('from this page');
  await expect(latest).toContainText('rows 3');
  await expect(page.getByTestId('admin-agent').filter({ hasText: 'ada.wong@corp.example' })).toContainText('E100');
  await expectAccessible(page, 'admin');
  await screenshot(page, testInfo, 'admin-en');

  await page.context().addCookies([{ name: 'locale', value: 'zh-CN', url: page.url() }]);
  await page.reload();
  await expect(page.getByRole('heading', { name: '管理后台' })).toBeVisible();
  await expect(page.getByTestId('job-run').first()).toContainText('本页面');
  await screenshot(page, testInfo, 'admin-zh');
});
