import { expect, test, type APIRequestContext } from '@playwright/test';
import { bindCustomerTo, expectAccessible, expectTouchFriendly, screenshot, uniqueName } from './helpers.ts';

// Issue #17: the agent a call is booked with is away when it is due. The customer is told so on their
// screen, truthfully, with who can call instead (someone who speaks their language and is free then),
// and can take that cover, pick another time, or write a request now. (The e2e server's reminder lead
// is longer than the booking window, so a booked call is due at once; the rules have unit tests.)
//
// Liu Yang (a demo agent no other spec signs into) is set away over the HTTP API — no console is
// opened, so the demo crowd keeps his socket — and set back online after each test.

const LIU_YANG = { email: 'liu.yang@demo.local', password: 'demo-agent' };

const setStatus = async (request: APIRequestContext, status: 'online' | 'away') => {
  const login = await request.post('/api/agent/login', { data: LIU_YANG });
  expect(login.ok()).toBe(true);
  const { token } = await login.json();
  const res = await request.put('/api/agent/status', { data: { status }, headers: { authorization: `Bearer ${token}` } });
  expect(res.ok()).toBe(true);
};

test.afterEach(async ({ request }) => {
  await setStatus(request, 'online');
});

test('the agent is away when the call is due → the customer is told and takes the cover who can call instead', async ({ page, request }, testInfo) => {
  await bindCustomerTo(page, 'Liu Yang', uniqueName(testInfo, 'Cover'));
  await page.getByTestId('book-callback').click();
  await page.getByTestId('callback-phone').fill('+86 138 0013 8000');
  await page.getByTestId('callback-submit').click();
  const call = page.getByTestId('my-callback');
  await expect(call).toContainText('Booked');
  await expect(call.getByTestId('callback-away')).toHaveCount(0);

  await setStatus(request, 'away');
  // Heard live: no reload.
  const notice = call.getByTestId('callback-away');
  await expect(notice).toBeVisible();
  await expect(notice).toHaveAttribute('data-reason', 'agent_away');
  await expect(notice).toContainText('Your agent is away and cannot make this call.');
  await expect(notice).toContainText(/speaks your language, is free at that time and can call you instead\./);
  const take = notice.getByTestId('take-cover');
  const cover = ((await take.innerText()).match(/^Have (.+) call me$/) ?? [])[1];
  expect(cover, 'the take button names the cover').toBeTruthy();
  expect(cover).not.toBe('Liu Yang');
  await expect(notice).toContainText(`${cover} speaks your language`);
  await expectAccessible(page, 'callback cover offer');
  await expectTouchFriendly(page, 'callback cover offer');
  await call.scrollIntoViewIfNeeded();
  await screenshot(page, testInfo, 'en-callback-cover-offer');

  // The other two choices are real: writing now goes to the request box, another time opens the form.
  await notice.getByTestId('callback-write-now').click();
  await expect(page.locator('#request-message')).toBeFocused();
  await notice.getByTestId('callback-move').click();
  await expect(page.getByTestId('callback-form')).toBeVisible();
  await page.getByTestId('callback-form').getByRole('button', { name: 'Close' }).click();

  await take.click();
  await expect(notice).toHaveCount(0);
  await expect(call.getByTestId('callback-covered')).toHaveText(`${cover} will call you. Your exclusive agent stays the same.`);
  await expect(call).toContainText('Booked');
  await expect(page.getByTestId('my-agent')).toContainText('Liu Yang');
  // The server agrees: the call is now booked with the cover.
  const { callbacks } = await (await page.request.get('/api/callbacks')).json();
  expect(callbacks).toEqual([expect.objectContaining({ status: 'booked', agentAway: false, agent: expect.objectContaining({ name: cover }) })]);
  await screenshot(page, testInfo, 'en-callback-cover-taken');
});

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN' });
  test('the notice and the offer speak Chinese, naming the cover in Chinese', async ({ page, request }, testInfo) => {
    await page.goto('/');
    await page.context().addCookies([{ name: 'locale', value: 'en', url: page.url() }]);
    await bindCustomerTo(page, 'Liu Yang', uniqueName(testInfo, 'Zh cover'));
    await page.context().addCookies([{ name: 'locale', value: 'zh-CN', url: page.url() }]);
    await page.reload();
    await page.getByTestId('book-callback').click();
    await page.getByTestId('callback-phone').fill('+86 139 0000 0000');
    await page.getByTestId('callback-submit').click();
    const call = page.getByTestId('my-callback');
    await expect(call).toContainText('已预约');

    await setStatus(request, 'away');
    const notice = call.getByTestId('callback-away');
    // One paragraph, the sentences joined the Chinese way (no space after 。).
    await expect(notice.locator('p').first()).toHaveText(/^您的客服暂时离开，无法按时给您回电。[\u4e00-\u9fff]+会说您的语言，那个时间有空，可以代为给您回电。$/);
    const take = notice.getByTestId('take-cover');
    await expect(take).toHaveText(/^请[\u4e00-\u9fff]+给我回电$/);
    await expect(notice.getByTestId('callback-move')).toHaveText('另选时间');
    await expect(notice.getByTestId('callback-write-now')).toHaveText('现在留言');
    await call.scrollIntoViewIfNeeded();
    await screenshot(page, testInfo, 'zh-CN-callback-cover-offer');

    await take.click();
    await expect(call.getByTestId('callback-covered')).toHaveText(/^将由[\u4e00-\u9fff]+给您回电，您的专属客服不变。$/);
    await screenshot(page, testInfo, 'zh-CN-callback-cover-taken');
  });
});
