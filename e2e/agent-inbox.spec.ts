import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { bindCustomerTo, closeConsoleTools, expectAccessible, openConsoleTools, screenshot, SCREENSHOTS } from './helpers';
import { expect, test, type SeededAgent } from './fixtures';

// Issue #15: the console as an inbox people work in all day. Each test signs in as an agent of its own
// (e2e/fixtures.ts), so specs never share a conversation.

const signInByKeyboard = async (agent: Page, { email, password }: SeededAgent) => {
  for (let i = 0; i < 12 && (await agent.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)) !== 'email'; i++) await agent.keyboard.press('Tab');
  await expect(agent.getByLabel('Email')).toBeFocused();
  await agent.keyboard.type(email);
  await agent.keyboard.press('Tab');
  await agent.keyboard.type(password);
  await agent.keyboard.press('Enter');
  await expect(agent.getByTestId('connection')).toHaveText(/Live|已连接/);
};

/** A customer (over the public API) bound to the agent with that handle, with one request and a follow-up. */
const customerWithRequest = async (api: APIRequestContext, handle: string, name: string, lines: string[]) => {
  expect((await api.post('/api/customers', { data: { name, email: `${name.toLowerCase().replace(/\s/g, '.')}@example.com` } })).status()).toBe(201);
  let m = await (await api.post('/api/matches')).json();
  for (let i = 0; i < 20 && m.agent && m.agent.handle !== handle; i++) m = await (await api.post(`/api/matches/${m.matchId}/skip`)).json();
  expect(m.agent?.handle).toBe(handle);
  expect((await api.post(`/api/matches/${m.matchId}/choose`)).status()).toBe(201);
  const [first, ...more] = lines;
  const sent = await api.post('/api/service-requests', { data: { message: first }, headers: { 'Idempotency-Key': `inbox-${handle}-${Date.now()}` } });
  expect(sent.status()).toBe(201);
  const id = (await sent.json()).request.id as string;
  for (const body of more) expect((await api.post(`/api/service-requests/${id}/messages`, { data: { body } })).status()).toBe(201);
  return id;
};

const shot = async (page: Page, name: string) => {
  await mkdir(path.join(SCREENSHOTS, 'console'), { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, 'console', `${name}.png`) });
};

test('keyboard only: a new request is opened, acknowledged, answered and resolved without a mouse', async ({ page, browser, baseURL, agent: me }) => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, baseURL });
  const agent = await ctx.newPage();
  await agent.goto('/agent');
  await signInByKeyboard(agent, me);

  await bindCustomerTo(page, me.name, 'Kim Keys');
  await page.getByLabel('What do you need help with?').fill('I cannot find my receipt');
  await page.getByTestId('send-request').click();
  const row = agent.getByTestId('conversation').filter({ hasText: 'Kim Keys' });
  await expect(row).toHaveAttribute('data-group', 'needsMe');

  // j moves to the conversation (and shows it), Enter goes in: the focus lands on "Acknowledge".
  await agent.keyboard.press('j');
  await expect(row).toBeFocused();
  await expect(row).toHaveAttribute('aria-current', 'true');
  await agent.keyboard.press('Enter');
  const pane = agent.getByTestId('conversation-pane');
  await expect(pane.getByTestId('ack')).toBeFocused();
  await agent.keyboard.press('Enter');
  await expect(pane.getByTestId('conversation-status')).toHaveText('Acknowledged');
  await expect(page.getByTestId('request-status')).toHaveText('Your agent is on it');
  // Acknowledged: the composer has the focus. Enter sends.
  await expect(pane.getByTestId('composer')).toBeFocused();
  await agent.keyboard.type('It is in Settings, Receipts.');
  await agent.keyboard.press('Enter');
  await expect(pane.getByTestId('message').last()).toContainText('It is in Settings, Receipts.');
  await expect(page.getByTestId('reply')).toContainText('It is in Settings, Receipts.');
  // Back from the composer to "Resolve", and resolve.
  await agent.keyboard.press('Shift+Tab');
  await expect(pane.getByTestId('resolve')).toBeFocused();
  await agent.keyboard.press('Enter');
  await expect(row).toHaveAttribute('data-group', 'resolvedToday');
  await expect(page.getByTestId('request-status')).toHaveText('Resolved');
  // Escape from the list's world: k/j still move when nothing is being typed.
  await agent.keyboard.press('k');
  await expect(row).toBeFocused();
  await ctx.close();
});

const screens = async (browser: Browser, baseURL: string | undefined, size: 'desktop' | 'phone', me: SeededAgent) => {
  const viewport = size === 'desktop' ? { width: 1366, height: 900 } : { width: 390, height: 844 };
  const ctx = await browser.newContext({ viewport, baseURL, ...(size === 'phone' ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) });
  const agent = await ctx.newPage();
  // The list's first load is held (skeleton), then fails (error state), then works on "Try again".
  let release: () => void = () => {};
  const held = new Promise<void>((r) => (release = r));
  let calls = 0;
  await agent.route('**/api/agent/requests*', async (route) => {
    calls += 1;
    if (calls === 1) {
      await held;
      return route.fulfill({ status: 500, json: { error: { code: 'internal', message: 'Something went wrong on our side.' } } });
    }
    return route.fallback();
  });
  test.setTimeout(180_000);
  await agent.goto('/agent');
  await expectAccessible(agent, `sign-in (${size})`);
  await shot(agent, `${size}-en-sign-in`);
  await signInByKeyboard(agent, me);
  await expect(agent.getByTestId('list-loading')).toBeVisible();
  await expectAccessible(agent, `list loading (${size})`);
  await shot(agent, `${size}-en-loading`);
  release();
  await expect(agent.getByTestId('list-error')).toBeVisible();
  await expectAccessible(agent, `list error (${size})`);
  await shot(agent, `${size}-en-error`);
  await agent.getByTestId('list-error').getByRole('button').click();
  await expect(agent.getByTestId('list-empty')).toBeVisible();
  await expectAccessible(agent, `list empty (${size})`);
  await shot(agent, `${size}-en-empty`);

  const name = size === 'desktop' ? 'Mei Desk' : 'Mei Phone';
  await customerWithRequest(agent.context().request, me.handle, name, ['My order arrived damaged', 'The box was crushed, photo attached later', 'Can I get a replacement?']);
  const row = agent.getByTestId('conversation').filter({ hasText: name });
  await expect(row.getByTestId('unread')).toContainText('3');
  await row.click();
  await agent.getByTestId('ack').click();
  await agent.getByTestId('composer').fill('Sorry about that. A replacement is on its way today.');
  await agent.getByTestId('composer').press('Enter');
  await expect(agent.getByTestId('message')).toHaveCount(4);

  for (const lang of ['en', 'zh'] as const) {
    if (lang === 'zh') {
      await openConsoleTools(agent);
      await agent.getByRole('button', { name: '中文' }).first().click();
      await expect(agent.getByTestId('conversation-status')).toHaveText('已确认');
      await closeConsoleTools(agent);
      // The agent's own name in Chinese; dates through Intl in Chinese, never "11/30/2026, 8:47 PM".
      await expect(agent.getByTestId('me')).not.toHaveText(/^[A-Za-z ]+$/);
      await expect(agent.locator('body')).not.toContainText(/\d{1,2}\/\d{1,2}\/\d{4}|[AP]M\b/);
    }
    await expectAccessible(agent, `conversation (${size}, ${lang})`);
    await shot(agent, `${size}-${lang}-conversation`);
    if (size === 'phone') {
      await agent.getByTestId('show-customer').click();
      await expect(agent.getByTestId('customer-pane')).toBeVisible();
      await expect(agent.getByTestId('conversation-pane')).toBeHidden();
      await expectAccessible(agent, `customer pane (${size}, ${lang})`);
      await shot(agent, `${size}-${lang}-customer`);
      await agent.getByTestId('customer-back').click();
      await agent.getByTestId('back').click();
      await expect(agent.getByTestId('conversation-pane')).toBeHidden();
      await expectAccessible(agent, `list (${size}, ${lang})`);
      await shot(agent, `${size}-${lang}-list`);
      await row.click();
      // Nothing sticks out sideways at phone width.
      expect(await agent.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    }
  }
  await openConsoleTools(agent);
  await agent.getByRole('button', { name: 'English' }).first().click();
  await closeConsoleTools(agent);
  // Dark mode follows the system: the same screen, still readable (axe checks the contrast).
  await agent.emulateMedia({ colorScheme: 'dark' });
  await expect(agent.getByTestId('conversation-status')).toHaveText('Acknowledged');
  await expectAccessible(agent, `conversation, dark (${size})`);
  await shot(agent, `${size}-en-conversation-dark`);
  await agent.emulateMedia({ colorScheme: 'light' });
  await agent.getByTestId('resolve').click();
  await expect(row).toHaveAttribute('data-group', 'resolvedToday');
  await expectAccessible(agent, `resolved (${size})`);
  await ctx.close();
};

test('inbox screens at 1366×900: loading, error, empty, a conversation — in both languages, accessible', async ({ browser, baseURL, agent: me }) => {
  await screens(browser, baseURL, 'desktop', me);
});

test('inbox screens at 390×844: one pane at a time — list, conversation, customer — in both languages, accessible', async ({ browser, baseURL, agent: me }) => {
  await screens(browser, baseURL, 'phone', me);
});

test('read receipts: the customer sees "read" the moment the agent opens the conversation; unread counts survive a reload', async ({ page, browser, baseURL, agent: me }, testInfo) => {
  test.setTimeout(120_000);
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, baseURL });
  const agent = await ctx.newPage();
  await agent.goto('/agent');
  await signInByKeyboard(agent, me);

  // Two customers of this agent: Rae (in the browser, `page`) and Uma (over the API only).
  await customerWithRequest(page.request, me.handle, 'Rae Reads', ['My coupon did not apply', 'Order 5521']);
  const other = await browser.newContext({ baseURL });
  await customerWithRequest(other.request, me.handle, 'Uma Unread', ['Is the store open on Sunday?', 'And on holidays?']);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  const readState = page.getByTestId('read-state');
  await expect(readState).toHaveText(/Sent, not read yet/);
  await expect(readState).toHaveAttribute('data-read', 'false');

  const rae = agent.getByTestId('conversation').filter({ hasText: 'Rae Reads' });
  const uma = agent.getByTestId('conversation').filter({ hasText: 'Uma Unread' });
  await expect(rae.getByTestId('unread')).toContainText('2');
  await expect(uma.getByTestId('unread')).toContainText('2');

  // The agent opens Rae's conversation: Rae's page says so at once, without a reload.
  await rae.click();
  await expect(rae.getByTestId('unread')).toHaveCount(0);
  await expect(readState).toHaveText(/Read by your agent/);
  await expect(readState).toHaveAttribute('data-read', 'true');
  await screenshot(page, testInfo, 'read-en-390');

  // Rae adds a line while the conversation is open on the agent's screen: it is read as it arrives.
  await page.getByTestId('add-message').fill('It says the code expired yesterday');
  await page.getByTestId('add-message').press('Enter');
  await expect(page.getByTestId('my-message').last()).toContainText('It says the code expired yesterday');
  await expect(agent.getByTestId('message').last()).toContainText('It says the code expired yesterday');
  await expect(readState).toHaveAttribute('data-read', 'true');

  // The agent's console is reloaded: what was read stays read, what was not is still counted.
  await agent.reload();
  await expect(agent.getByTestId('connection')).toHaveText(/Live|已连接/);
  await expect(uma.getByTestId('unread')).toContainText('2');
  await expect(rae).toBeVisible();
  await expect(rae.getByTestId('unread')).toHaveCount(0);
  // So is the customer's page: "read" comes from the server.
  await page.reload();
  await expect(readState).toHaveAttribute('data-read', 'true');

  // Uma writes again; the count grows to 3 on the reloaded console, live.
  const umaId = ((await (await other.request.get('/api/service-requests')).json()).requests as { id: string }[])[0]!.id;
  expect((await other.request.post(`/api/service-requests/${umaId}/messages`, { data: { body: 'Thanks in advance' } })).status()).toBe(201);
  await expect(uma.getByTestId('unread')).toContainText('3');

  // The customer's screen in both languages, at phone and desktop size.
  await expectAccessible(page, 'request with read receipt (en, 390)');
  await page.setViewportSize({ width: 1366, height: 900 });
  await screenshot(page, testInfo, 'read-en-1366');
  await page.getByRole('button', { name: '中文' }).first().click();
  await expect(readState).toHaveText(/客服已读/);
  await expectAccessible(page, 'request with read receipt (zh-CN, 1366)');
  await screenshot(page, testInfo, 'read-zh-1366');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, testInfo, 'read-zh-390');
  await other.close();
  await ctx.close();
});

test("delivery states: each of my messages goes sent → delivered → read by the customer, live; a read made offline arrives when the customer is back online", async ({ browser, baseURL, agent: me }, testInfo) => {
  test.setTimeout(120_000);
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, baseURL });
  const agent = await ctx.newPage();
  await agent.goto('/agent');
  await signInByKeyboard(agent, me);

  // The customer's phone: a short screen, so the thread starts below the fold.
  const phone = await browser.newContext({ viewport: { width: 390, height: 420 }, isMobile: true, hasTouch: true, baseURL });
  const id = await customerWithRequest(phone.request, me.handle, 'Dee Delivery', ['Has my parcel left the warehouse?']);
  const row = agent.getByTestId('conversation').filter({ hasText: 'Dee Delivery' });
  await row.click();
  await agent.getByTestId('ack').click();
  await agent.getByTestId('composer').fill('Yes, it left this morning.');
  await agent.getByTestId('composer').press('Enter');
  const first = agent.getByTestId('message').filter({ hasText: 'Yes, it left this morning.' }).getByTestId('delivery');
  // Stored, but no app of the customer's has it yet.
  await expect(first).toHaveAttribute('data-delivery', 'sent');
  await expect(first).toHaveText(/Sent/);

  // The customer opens the app: the reply reaches it (delivered), but is not on screen yet.
  const page = await phone.newPage();
  await page.goto('/');
  const reply = page.getByTestId('reply').filter({ hasText: 'Yes, it left this morning.' });
  await expect(reply).toHaveCount(1);
  await expect(reply).not.toBeInViewport();
  await expect(first).toHaveAttribute('data-delivery', 'delivered');
  await expect(first).toHaveText(/Delivered/);

  // Offline, the customer scrolls to the reply: read, kept on the phone, not yet known to the agent.
  await phone.setOffline(true);
  await expect(page.getByTestId('offline-banner')).toBeVisible();
  await reply.scrollIntoViewIfNeeded();
  await expect(reply).toBeInViewport();
  await expect
    .poll(() => page.evaluate((rid) => JSON.parse(localStorage.getItem('ea-customer') ?? '{}').state?.pendingMarks?.[rid]?.readUpTo ?? null, id))
    .not.toBeNull();
  await expect(first).toHaveAttribute('data-delivery', 'delivered');

  // Back online: the mark is sent, and the agent sees "read", live.
  await phone.setOffline(false);
  await expect(first).toHaveAttribute('data-delivery', 'read');
  await expect(first).toHaveText(/Read/);
  await expect.poll(() => page.evaluate(() => Object.keys(JSON.parse(localStorage.getItem('ea-customer') ?? '{}').state?.pendingMarks ?? {}).length)).toBe(0);

  // With the thread on the customer's screen, the next reply goes to "read" as it arrives.
  await agent.getByTestId('composer').fill('It should be with you on Thursday.');
  await agent.getByTestId('composer').press('Enter');
  await expect(page.getByTestId('reply').filter({ hasText: 'Thursday' })).toBeVisible();
  const second = agent.getByTestId('message').filter({ hasText: 'Thursday' }).getByTestId('delivery');
  await expect(second).toHaveAttribute('data-delivery', 'read');
  await expect(first).toHaveAttribute('data-delivery', 'read');

  // A reload of the console reads the states from the server.
  await agent.reload();
  await expect(agent.getByTestId('connection')).toHaveText(/Live|已连接/);
  await row.click();
  await expect(second).toHaveAttribute('data-delivery', 'read');
  await expectAccessible(agent, 'conversation with delivery states (en, 1366)');
  await screenshot(agent, testInfo, 'delivery-en-1366');
  await agent.getByRole('button', { name: '中文' }).first().click();
  await expect(second).toHaveText(/已读/);
  await expectAccessible(agent, 'conversation with delivery states (zh-CN, 1366)');
  await screenshot(agent, testInfo, 'delivery-zh-1366');
  await agent.setViewportSize({ width: 390, height: 844 });
  await expect(second).toBeVisible();
  await screenshot(agent, testInfo, 'delivery-zh-390');
  await openConsoleTools(agent);
  await agent.getByRole('button', { name: 'English' }).first().click();
  await closeConsoleTools(agent);
  await expect(second).toHaveText(/Read/);
  await screenshot(agent, testInfo, 'delivery-en-390');
  await phone.close();
  await ctx.close();
});

test('phone header: one row at 360 and 390 px — name, status, connection, More — with the tools opening below; both languages', async ({ browser, baseURL, agent: me }) => {
  test.setTimeout(120_000);
  for (const width of [360, 390]) {
    const ctx = await browser.newContext({ viewport: { width, height: 800 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, baseURL });
    const agent = await ctx.newPage();
    await agent.goto('/agent');
    await signInByKeyboard(agent, me);
    for (const lang of ['en', 'zh'] as const) {
      if (lang === 'zh') {
        await openConsoleTools(agent);
        await agent.getByRole('button', { name: '中文' }).first().click();
        await expect(agent.getByTestId('connection')).toHaveText('已连接');
        await closeConsoleTools(agent);
      }
      // One row: the name, my status, the connection and "More" share a line; nothing sticks out sideways.
      const centre = async (testId: string) => {
        const box = (await agent.getByTestId(testId).boundingBox())!;
        return box.y + box.height / 2;
      };
      const meAt = await centre('me');
      for (const id of ['my-status', 'connection', 'console-more-toggle']) expect(Math.abs((await centre(id)) - meAt), `${id} on the name's row (${width}, ${lang})`).toBeLessThan(12);
      const header = (await agent.locator('.console-header').boundingBox())!;
      expect(header.height, `header height (${width}, ${lang})`).toBeLessThan(72);
      expect(await agent.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
      await expect(agent.getByTestId('sound')).toBeHidden();
      await shot(agent, `phone-header-${width}-${lang}`);

      await openConsoleTools(agent);
      await expect(agent.getByTestId('console-more-toggle')).toHaveAttribute('aria-expanded', 'true');
      await expect(agent.getByTestId('sound')).toBeVisible();
      await expect(agent.getByTestId('agent-settings-link')).toBeVisible();
      await expect(agent.getByTestId('language-switcher')).toBeVisible();
      expect(await agent.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
      await expectAccessible(agent, `phone header with its tools open (${width}, ${lang})`);
      await shot(agent, `phone-header-${width}-${lang}-tools`);
      await closeConsoleTools(agent);
    }
    await ctx.close();
  }
});
