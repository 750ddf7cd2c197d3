import { expect, test } from './fixtures';
import { bindCustomerTo, expectAccessible, screenshot } from './helpers';

test('agent console: alert with sound, title count, notification and reminders → acknowledge → reply → resolve; session expiry keeps the screen', async ({ page, browser, baseURL, agent: me }, testInfo) => {
  const agentContext = await browser.newContext({ viewport: { width: 1366, height: 900 }, permissions: ['notifications'], baseURL });
  // Record desktop notifications the page raises (the real constructor still runs).
  await agentContext.addInitScript(() => {
    localStorage.setItem('ea-agent-reminder-seconds', '2');
    const Real = window.Notification;
    const seen: string[] = [];
    (window as unknown as { __notifications: string[] }).__notifications = seen;
    class Recording extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        seen.push(title);
      }
    }
    Object.defineProperty(window, 'Notification', { value: Recording, configurable: true });
  });
  const agent = await agentContext.newPage();
  await agent.goto('/agent');
  await expectAccessible(agent, 'agent sign-in');
  await agent.getByLabel('Email').fill(me.email);
  await agent.getByLabel('Password').fill(me.password);
  await agent.getByRole('button', { name: 'Sign in' }).click();
  await expect(agent.getByTestId('connection')).toHaveText('Live');
  await expect(agent.getByTestId('list-empty')).toBeVisible();
  await expect(agent.getByTestId('me')).toHaveText(me.name);
  await expectAccessible(agent, 'agent console, empty');
  // Browsers allow sound only after a gesture: signing in was one, so sound is on without asking.
  await expect(agent.getByTestId('sound')).toHaveText('Sound on');

  await bindCustomerTo(page, me.name, 'Li Lei');
  // The agent switches to another tab. Headless pages always count as visible, so say it the way the browser would.
  const setHidden = (hidden: boolean) =>
    agent.evaluate((h) => {
      Object.defineProperty(document, 'visibilityState', { value: h ? 'hidden' : 'visible', configurable: true });
      Object.defineProperty(document, 'hidden', { value: h, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
  await setHidden(true);
  await page.getByLabel('What do you need help with?').fill('The app logs me out every day');
  await page.getByTestId('send-request').click();

  const row = agent.getByTestId('conversation').filter({ hasText: 'Li Lei' });
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-group', 'needsMe');
  await expect(row.getByTestId('unread')).toContainText('1');
  await expectAccessible(agent, 'agent console, new request in the list');
  await expect(agent).toHaveTitle(/^\(1\) Agent console/);
  await expect.poll(() => agent.evaluate(() => (window as unknown as { __notifications: string[] }).__notifications)).toContain('New request from Li Lei');
  // The sound played for the alert and again for at least one reminder while it waits.
  await expect.poll(async () => Number(await agent.getByTestId('sound').getAttribute('data-played')), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  await setHidden(false);

  await row.click();
  const pane = agent.getByTestId('conversation-pane');
  await expect(pane.getByTestId('message').first()).toHaveText(/The app logs me out every day/);
  await expect(row.getByTestId('unread')).toHaveCount(0);
  // Contact info in the customer pane (their own agent sees it).
  await expect(agent.getByTestId('contact')).toContainText('li.lei@example.com');
  await expectAccessible(agent, 'agent console, conversation open');
  await pane.getByTestId('ack').click();
  await expect(pane.getByTestId('conversation-status')).toHaveText('Acknowledged');
  await expect(agent).toHaveTitle('Agent console');
  await expect(page.getByTestId('request-status')).toHaveText('Your agent is on it');

  // A conversation: several replies, Enter sends, Shift+Enter is a new line; the customer answers.
  const composer = pane.getByTestId('composer');
  await composer.fill('Fixed on our side.');
  await composer.press('Shift+Enter');
  await composer.pressSequentially('Please update the app.');
  await composer.press('Enter');
  await expect(pane.getByTestId('message').nth(1)).toContainText('Fixed on our side.\nPlease update the app.');
  await expect(composer).toHaveValue('');
  await pane.getByTestId('canned').click();
  await pane.getByRole('button', { name: /Could you tell me a little more/ }).click();
  await expect(composer).toHaveValue(/Could you tell me a little more/);
  await composer.press('Enter');
  await expect(row).toHaveAttribute('data-group', 'waiting');
  // The customer sees both replies live, and writes back in the same thread.
  await expect(page.getByTestId('reply')).toHaveCount(2);
  await expect(page.getByTestId('reply').first()).toContainText('Fixed on our side.');
  await page.getByTestId('add-message').fill('Order 4711, thanks');
  await page.getByTestId('add-message').press('Enter');
  await expect(page.getByTestId('my-message')).toHaveText(/Order 4711, thanks/);
  await expectAccessible(page, 'customer: a conversation on the request');
  await screenshot(page, testInfo, 'customer-thread-en');
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByTestId('my-message')).toContainText('我');
  await screenshot(page, testInfo, 'customer-thread-zh');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByTestId('my-message')).toContainText('You');
  await expect(pane.getByTestId('message').last()).toContainText('Order 4711, thanks');
  await expect(row).toHaveAttribute('data-group', 'open');
  await expect(pane.getByTestId('message')).toHaveCount(4);
  await expectAccessible(agent, 'agent console, a conversation going on');
  await agent.screenshot({ path: 'e2e/screenshots/agent-console-en.png' });

  // The customer is among "my customers", with history.
  await expect(agent.getByTestId('history-panel')).toContainText('Earlier requests');

  // Session expiry: the console asks to sign in again over the intact screen.
  await agentContext.clearCookies();
  await agent.getByTestId('my-status').selectOption('away');
  await expect(agent.getByTestId('session-expired')).toBeVisible();
  await expect(row).toBeVisible();
  await agent.locator('.overlay').getByLabel('Email').fill(me.email);
  await agent.locator('.overlay').getByLabel('Password').fill(me.password);
  await agent.locator('.overlay').getByRole('button', { name: 'Sign in' }).click();
  await expect(agent.getByTestId('session-expired')).toBeHidden();
  await expect(row).toBeVisible();
  await agent.getByTestId('my-status').selectOption('online');

  await pane.getByTestId('resolve').click();
  await expect(row).toHaveAttribute('data-group', 'resolvedToday');
  await expect(pane.getByTestId('resolved-note')).toBeVisible();
  await expect(page.getByTestId('request-status')).toHaveText('Resolved');
  await expectAccessible(agent, 'agent console, resolved');
  await agentContext.close();
});
