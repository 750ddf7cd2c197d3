import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { bindAgent, expectAccessible, expectTouchFriendly, screenshot, uniqueName } from './helpers';

// Issue 14 with two people: the customer rates a resolved request and sends a gift; the agent sees both live.
const setLocale = async (page: Page, locale: 'en' | 'zh-CN') => {
  await page.context().addCookies([{ name: 'locale', value: locale, url: page.url() }]);
  await page.reload();
};

test('a customer rates a resolved request and sends a gift; the agent sees both arrive live', async ({ page, browser, agent: me }, testInfo) => {
  // Wide enough for the inbox's three panes: ratings and gifts live in the customer pane (issue 15's layout).
  const agentContext = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const agentPage = await agentContext.newPage();
  await agentPage.goto('/agent');
  await agentPage.getByLabel('Email').fill(me.email);
  await agentPage.getByLabel('Password').fill(me.password);
  await agentPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(agentPage.getByTestId('connection')).toHaveText('Live');
  await expect(agentPage.getByTestId('feedback-totals')).toBeVisible();

  const customer = uniqueName(testInfo, 'Rater');
  await bindAgent(page, { contact: { name: customer, email: 'rater@example.com' } });
  await expect(page.getByTestId('agent-rating')).toBeVisible();

  // Why this agent? in words (the capability job has not run on this demo server: it says so).
  await page.getByTestId('why-agent').locator('summary').click();
  await expect(page.getByTestId('why-agent')).toContainText('worked out every few minutes');

  const message = `Rate me ${testInfo.testId.slice(0, 6)}`;
  await page.getByLabel('What do you need help with?').fill(message);
  await page.getByTestId('send-request').click();
  const row = agentPage.getByTestId('conversation').filter({ hasText: customer });
  await expect(row).toBeVisible();
  await row.click();
  const pane = agentPage.getByTestId('conversation-pane');
  await expect(pane).toContainText(message);
  await pane.getByTestId('ack').click();
  await expect(pane.getByTestId('conversation-status')).toHaveText('Acknowledged');
  await pane.getByTestId('resolve').click();
  // The customer pane keeps the thanks in view next to the open conversation.
  await expect(agentPage.getByTestId('feedback-totals')).toBeVisible();

  // Resolved: the customer is asked to rate.
  const request = page.getByTestId('request').filter({ hasText: message });
  await expect(request.getByTestId('rate-form')).toBeVisible();
  await request.getByTestId('rate-submit').click();
  await expect(request).toContainText('Tap a star first.');
  await request.getByTestId('star-4').click();
  await request.getByPlaceholder('A comment (optional)').fill('Fast and friendly');
  await expectTouchFriendly(page, 'rate a request');
  await screenshot(page, testInfo, 'rate-request-en');
  await request.getByTestId('rate-submit').click();
  await expect(request.getByTestId('rating-done')).toContainText('Thank you for rating.');

  const rated = agentPage.getByTestId('feedback-rating').filter({ hasText: customer });
  await expect(rated).toContainText(`${customer} rated you 4 stars`);
  await expect(rated).toContainText('Fast and friendly');

  // A change within 24 hours replaces the rating, live too.
  await request.getByRole('button', { name: 'Change' }).click();
  await request.getByTestId('star-5').click();
  await request.getByTestId('rate-submit').click();
  await expect(agentPage.getByTestId('feedback-rating').filter({ hasText: customer })).toContainText(`${customer} changed their rating to 5 stars`);

  // A gift: the sheet says no money is involved; the agent sees it arrive.
  await page.getByTestId('open-gifts').click();
  const dialog = page.getByTestId('gift-dialog');
  await expect(dialog).toContainText('no money is involved');
  await dialog.getByTestId('gift-coffee').click();
  await dialog.getByLabel('A note (optional)').fill('For the late nights');
  await expectAccessible(page, 'gift sheet');
  await screenshot(page, testInfo, 'gift-sheet-en', { fullPage: false });
  await dialog.getByTestId('send-gift').click();
  await expect(dialog.getByTestId('gift-sent')).toContainText('Your Coffee is on its way.');
  const gift = agentPage.getByTestId('feedback-gift').filter({ hasText: customer });
  await expect(gift).toContainText(`${customer} sent you a Coffee (+3)`);
  await expect(gift).toContainText('For the late nights');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('agent-gifts')).toContainText(/\d+/);
  await screenshot(agentPage, testInfo, 'agent-console-feedback-en', { fullPage: false });

  // The same screens in Chinese, on the phone and at desktop size.
  await setLocale(page, 'zh-CN');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.getByTestId('why-agent').locator('summary').click();
  await screenshot(page, testInfo, 'home-rated-zh');
  await page.getByTestId('open-gifts').click();
  await expect(page.getByTestId('gift-dialog')).toContainText('不涉及任何金钱');
  await screenshot(page, testInfo, 'gift-sheet-zh', { fullPage: false });
  await page.getByTestId('gift-dialog').getByRole('button', { name: '取消' }).click();
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, testInfo, 'home-rated-zh-desktop');
  await setLocale(page, 'en');
  await screenshot(page, testInfo, 'home-rated-en-desktop');
  await setLocale(agentPage, 'zh-CN');
  await expect(agentPage.getByTestId('feedback')).toContainText('客户的感谢');
  await screenshot(agentPage, testInfo, 'agent-console-feedback-zh', { fullPage: false });
  await agentContext.close();
});
