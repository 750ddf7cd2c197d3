import { expect, test } from '@playwright/test';
import { uniqueName, ARRIVED_ZH } from './helpers.ts';

test.describe('a browser set to Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('the app speaks Chinese, switches to English in place, and remembers the choice', async ({ page, context }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page).toHaveTitle('专属客服');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('专属于您的客服');
    await page.getByTestId('find').click();
    await expect(page.getByTestId('skip')).toHaveText('✕ 跳过');
    await expect(page.getByTestId('agent-name')).toContainText('李明');

    // Switching keeps the screen and the card: only the words change.
    await page.getByRole('group', { name: '语言' }).getByRole('button', { name: 'English' }).click();
    await expect(page.getByTestId('skip')).toHaveText('✕ Skip');
    await expect(page.getByTestId('agent-name')).toContainText('Li Ming');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    expect((await context.cookies()).find((c) => c.name === 'locale')?.value).toBe('en');

    // The cookie now wins over the browser's Accept-Language.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Your own customer-service agent|My agent/);
    await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');
  });
});

test.describe('a browser set to English', () => {
  test.use({ locale: 'en-US' });

  test('after switching to Chinese the whole journey is in Chinese, names first in Chinese', async ({ page }, testInfo) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your own customer-service agent');
    await page.getByRole('button', { name: '中文' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('专属于您的客服');

    await page.getByTestId('find').click();
    const card = page.getByTestId('agent-card');
    await expect(page.getByTestId('agent-name')).toHaveText('李明 Li Ming');
    await expect(card.getByTestId('agent-status')).toHaveText('在线');
    await expect(card).toContainText('能力值');
    await expect(card).toContainText('账单');
    // How many follow depends on who other journeys left online; the words are what this checks.
    await expect(page.getByText(/^之后还有 \d+ 位在线客服$/)).toBeVisible();

    await page.getByTestId('choose').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('客服怎样联系您？');
    await page.getByRole('button', { name: '保存并继续' }).click();
    await expect(page.getByTestId('contact-error')).toContainText('请填写您的姓名。');
    await expect(page.getByTestId('contact-error')).toContainText('请至少留一种联系方式');
    await page.getByLabel('姓名').fill(uniqueName(testInfo, '张三'));
    await page.getByLabel('邮箱').fill('zhangsan@');
    await page.getByRole('button', { name: '保存并继续' }).click();
    await expect(page.getByTestId('contact-error')).toContainText('请输入有效的邮箱地址');
    await page.getByLabel('邮箱').fill('zhangsan@example.com');
    await page.getByRole('button', { name: '保存并继续' }).click();

    await expect(page.getByTestId('notice')).toHaveText('李明现在是您的专属客服。');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的客服');
    await expect(page.getByTestId('requests-empty')).toHaveText('还没有请求。在上方写下您的第一个请求吧。');
    await page.getByLabel('需要什么帮助？').fill('发票抬头写错了');
    await page.getByTestId('send-request').click();
    await expect(page.getByTestId('request-status')).toHaveText(ARRIVED_ZH);
  });
});
