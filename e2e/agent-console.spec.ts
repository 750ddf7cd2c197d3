import { expect, test } from '@playwright/test';
import { bindCustomerTo, expectAccessible } from './helpers';

test('agent console: alert with sound, title count, notification and reminders → acknowledge → reply → resolve; session expiry keeps the screen', async ({ page, browser, baseURL }) => {
  const agentContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['notifications'], baseURL });
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
  await agent.getByLabel('Email').fill('zhang.wei@demo.local');
  await agent.getByLabel('Password').fill('demo-agent');
  await agent.getByRole('button', { name: 'Sign in' }).click();
  await expect(agent.getByTestId('connection')).toHaveText('Live');
  await expect(agent.getByText('No open requests')).toBeVisible();
  await expectAccessible(agent, 'agent console, empty');
  // Browsers allow sound only after a gesture: signing in was one, so sound is on without asking.
  await expect(agent.getByTestId('sound')).toHaveText('Sound on');

  await bindCustomerTo(page, 'Zhang Wei', 'Li Lei');
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

  const card = agent.getByTestId('alert').filter({ hasText: 'The app logs me out every day' });
  await expect(card).toBeVisible();
  await expect(card).toContainText('li.lei@example.com');
  await expectAccessible(agent, 'agent console, new request');
  await expect(agent).toHaveTitle(/^\(1\) Agent console/);
  await expect.poll(() => agent.evaluate(() => (window as unknown as { __notifications: string[] }).__notifications)).toContain('New request from Li Lei');
  // The sound played for the alert and again for at least one reminder while it waits.
  await expect.poll(async () => Number(await agent.getByTestId('sound').getAttribute('data-played')), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  await setHidden(false);

  await card.getByTestId('ack').click();
  await expect(card.getByTestId('alert-status')).toHaveText('Acknowledged');
  await expect(agent).toHaveTitle('Agent console');
  await expect(page.getByTestId('request-status')).toHaveText('Your agent is on it');

  await card.getByTestId('reply-input').fill('Fixed on our side, please update the app.');
  await card.getByTestId('send-reply').click();
  await expect(card.getByTestId('reply')).toHaveText(/Fixed on our side/);
  // The customer sees the reply live on their request.
  await expect(page.getByTestId('reply')).toContainText('Fixed on our side, please update the app.');

  // The customer is in "my customers", with contact info and history.
  await expect(agent.getByTestId('customers')).toContainText('Li Lei');
  await card.getByTestId('history').click();
  await expect(agent.getByTestId('history-panel')).toContainText('The app logs me out every day');
  await expectAccessible(agent, 'agent console, history');
  await agent.screenshot({ path: 'e2e/screenshots/agent-console-en.png', fullPage: true });
  await agent.getByTestId('history-panel').getByRole('button', { name: 'Close' }).click();

  // Session expiry: the console asks to sign in again over the intact screen.
  await agentContext.clearCookies();
  await card.getByTestId('history').click();
  await expect(agent.getByTestId('session-expired')).toBeVisible();
  await expect(card).toBeVisible();
  await agent.locator('.overlay').getByLabel('Email').fill('zhang.wei@demo.local');
  await agent.locator('.overlay').getByLabel('Password').fill('demo-agent');
  await agent.locator('.overlay').getByRole('button', { name: 'Sign in' }).click();
  await expect(agent.getByTestId('session-expired')).toBeHidden();
  await expect(card).toBeVisible();

  await card.getByTestId('resolve').click();
  await expect(card).toBeHidden();
  await expect(page.getByTestId('request-status')).toHaveText('Resolved');
  await agentContext.close();
});
