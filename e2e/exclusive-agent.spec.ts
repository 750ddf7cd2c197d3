import { expect, test } from './fixtures';

// The patent's journey with two people: a customer on a phone and an agent at a desk.
test('find → skip → choose → request → the agent is alerted → acknowledge → the customer sees it', async ({ page, browser, seedAgent }) => {
  // The agent signs in first on a desktop-sized context of their own; second best after the demo's Li Ming.
  const me = await seedAgent({ capability: 96 });
  const agentContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const agentPage = await agentContext.newPage();
  const consoleAlerts: string[] = [];
  agentPage.on('console', (m) => m.text().startsWith('[alert]') && consoleAlerts.push(m.text()));
  await agentPage.goto('/agent');
  await agentPage.getByLabel('Email').fill(me.email);
  await agentPage.getByLabel('Password').fill(me.password);
  await agentPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(agentPage.getByRole('heading', { name: me.name })).toBeVisible();
  await expect(agentPage.getByTestId('connection')).toHaveText('Live');

  // Customer: find shows the most capable online agent; skip shows the next best.
  await page.goto('/');
  await page.getByTestId('find').click();
  await expect(page.getByTestId('agent-name')).toContainText('Li Ming');
  await page.getByTestId('skip').click();
  await expect(page.getByTestId('agent-name')).toContainText(me.name);

  // Choose asks for contact info first; a bad email is explained, then fixed.
  await page.getByTestId('choose').click();
  await page.getByLabel('Name').fill('Zhang San');
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByTestId('field-error')).toContainText('email');
  await page.getByLabel('Email').fill('zhang.san@example.com');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByTestId('notice')).toHaveText(`${me.name} is now your exclusive agent.`);
  await expect(page.getByTestId('my-agent')).toContainText(me.name);

  // A request goes to the bound agent, whose console shows it live.
  await page.getByLabel('What do you need help with?').fill('My parcel has not arrived');
  await page.getByTestId('send-request').click();
  await expect(page.getByTestId('request')).toHaveCount(1);
  // The "now your exclusive agent" news has done its job once the first request is sent.
  await expect(page.getByTestId('notice')).toBeHidden();

  const card = agentPage.getByTestId('conversation').filter({ hasText: 'My parcel has not arrived' });
  await expect(card).toBeVisible();
  await expect(card).toContainText('Zhang San');
  await card.click();
  await expect(agentPage.getByTestId('contact')).toContainText('zhang.san@example.com');
  expect(consoleAlerts.length).toBeGreaterThan(0);
  await expect(page.getByTestId('request-status')).toHaveText('Delivered to your agent');

  await agentPage.getByTestId('ack').click();
  await expect(agentPage.getByTestId('conversation-status')).toHaveText('Acknowledged');
  await expect(page.getByTestId('request-status')).toHaveText('Your agent is on it');
  await agentContext.close();
});
