import { expect, test } from './fixtures';
import { bindCustomerTo, screenshot, uniqueName } from './helpers.ts';

// Issue #17: a customer books a call-back with their exclusive agent; the agent's console shows it
// live and reminds them (the e2e server's reminder lead time is longer than the booking window, so
// any booked call is due at once); the agent closes it and the customer sees that live.
test('book a callback → the console shows it live → the reminder fires → done reaches the customer', async ({ page, browser, agent: me }, testInfo) => {
  const agentContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const agentPage = await agentContext.newPage();
  await agentPage.goto('/agent');
  await agentPage.getByLabel('Email').fill(me.email);
  await agentPage.getByLabel('Password').fill(me.password);
  await agentPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(agentPage.getByTestId('connection')).toHaveText('Live');
  const calls = agentPage.getByTestId('upcoming-calls');
  await expect(calls).toBeVisible();

  const name = uniqueName(testInfo, 'Callback');
  await bindCustomerTo(page, me.name, name);
  await page.getByTestId('book-callback').click();
  const form = page.getByTestId('callback-form');
  await expect(form).toBeVisible();
  await expect(form).toContainText('Your agent works in Asia/Shanghai');
  // A wrong number is explained in words, then fixed.
  await page.getByTestId('callback-phone').fill('call me');
  await page.getByTestId('callback-submit').click();
  await expect(form.getByRole('alert')).toHaveText('Please give a phone number such as +86 138 0013 8000.');
  await page.getByTestId('callback-phone').fill('+86 138 0013 8000');
  await page.getByLabel('What is it about? (optional)').fill('My refund');
  await screenshot(page, testInfo, 'en-callback-form');
  await page.getByTestId('callback-submit').click();
  const mine = page.getByTestId('my-callback');
  await expect(mine).toHaveCount(1);
  await expect(mine).toContainText('Booked');

  // The console: the call appears without a reload, and its reminder comes from the sweeper.
  const call = calls.getByTestId('call').filter({ hasText: name });
  await expect(call).toBeVisible();
  await expect(call).toContainText('+86 138 0013 8000');
  await expect(call).toContainText('My refund');
  await expect(call.getByTestId('call-due')).toHaveText(`Due now: call ${name}.`);
  await screenshot(agentPage, testInfo, 'en-console-upcoming-calls');

  await call.getByTestId('call-done').click();
  await expect(call).toHaveCount(0);
  await expect(mine).toContainText('Done');
  await agentContext.close();
});

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN' });
  test('the booking form and a booked call speak Chinese', async ({ page }, testInfo) => {
    await page.goto('/');
    await page.context().addCookies([{ name: 'locale', value: 'en', url: page.url() }]);
    await bindCustomerTo(page, 'Chen Jing', uniqueName(testInfo, 'Zh callback'));
    await page.context().addCookies([{ name: 'locale', value: 'zh-CN', url: page.url() }]);
    await page.reload();
    await page.getByTestId('book-callback').click();
    await expect(page.getByTestId('callback-form')).toContainText('客服的工作时区为 Asia/Shanghai');
    await page.getByTestId('callback-phone').fill('+86 139 0000 0000');
    await screenshot(page, testInfo, 'zh-CN-callback-form');
    await page.getByTestId('callback-submit').click();
    await expect(page.getByTestId('my-callback')).toContainText('已预约');
  });
});
