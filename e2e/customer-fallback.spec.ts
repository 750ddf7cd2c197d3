import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from './fixtures';
import { bindCustomerTo, expectAccessible, screenshot } from './helpers';

// Issues #6 and #10 as the customer lives it: my agent goes Offline with the console still open → the
// pill changes at once, my request waits and nobody is alerted → a cover helps now; later my agent
// leaves the team → I am asked who should look after me, and told why.
test('my agent goes offline with the console open: I am told at once, and the next best agent covers; when my agent leaves, I choose again', async ({ page, browser, baseURL, agent: me }, testInfo) => {
  // My agent is at the console; I choose them.
  const agentContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL });
  const agent = await agentContext.newPage();
  const alerts: string[] = [];
  agent.on('console', (m) => m.text().startsWith('[alert]') && alerts.push(m.text()));
  await agent.goto('/agent');
  await agent.getByLabel('Email').fill(me.email);
  await agent.getByLabel('Password').fill(me.password);
  await agent.getByRole('button', { name: 'Sign in' }).click();
  await expect(agent.getByTestId('connection')).toHaveText('Live');
  await bindCustomerTo(page, me.name, 'Wei Fallback');
  const pill = page.getByTestId('my-agent').getByTestId('agent-status');
  await expect(pill).toHaveText('Online');

  // My agent sets Offline — the tab stays open.
  await agent.getByTestId('my-status').selectOption('offline');
  await expect(agent.getByTestId('my-status')).toHaveValue('offline');
  // The customer's pill follows live, without a reload.
  await expect(pill).toHaveText('Offline');

  await page.getByLabel('What do you need help with?').fill('My invoice is wrong');
  await page.getByTestId('send-request').click();
  const held = page.getByTestId('held');
  await expect(held).toContainText(`${me.name} is offline`);
  // Nobody was alerted: the open console of an agent who chose Offline stays quiet.
  await expect(agent.getByTestId('conversation').filter({ hasText: 'My invoice is wrong' })).toHaveCount(0);
  expect(alerts).toEqual([]);
  await screenshot(page, testInfo, 'held-offline-en');
  // The same, in Chinese, with the agent's Chinese name.
  await page.getByRole('button', { name: '中文' }).click();
  await expect(held).toContainText(`${me.nameZh}当前离线`);
  await expect(pill).toHaveText('离线');
  await screenshot(page, testInfo, 'held-offline-zh');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(held).toContainText(`${me.name} is offline`);
  await expectAccessible(page, 'request held for an offline agent');
  await page.getByTestId('take-cover').click();
  await expect(page.getByTestId('covered')).toContainText('stays your exclusive agent');
  await expect(page.getByTestId('covered')).not.toContainText(`${me.name} is helping you`);
  await screenshot(page, testInfo, 'covered-en');
  await expect(page.getByTestId('my-agent')).toContainText(me.name);

  // The other choice: a second request waits for my own agent. I am told so in words, and it reaches
  // them the moment they are Online again.
  await page.getByLabel('What do you need help with?').fill('Please check my refund too');
  await page.getByTestId('send-request').click();
  const second = page.getByTestId('request').filter({ hasText: 'Please check my refund too' });
  await second.getByTestId('wait').click();
  await expect(second.getByTestId('waiting-for-agent')).toHaveText(`${me.name} is offline; your request waits for them — we will tell you when they are back.`);
  await screenshot(page, testInfo, 'waiting-for-agent-en');
  await expect(agent.getByTestId('conversation').filter({ hasText: 'Please check my refund too' })).toHaveCount(0);
  await agent.getByTestId('my-status').selectOption('online');
  await expect(pill).toHaveText('Online');
  await expect(agent.getByTestId('conversation').filter({ hasText: 'Please check my refund too' })).toBeVisible();
  await expect(second.getByTestId('holder')).toHaveText(`With ${me.name}.`);
  await agentContext.close();

  // My agent leaves the team (the admin command), and the customer comes back later.
  const run = promisify(execFile);
  const out = await run(process.execPath, ['--import', 'tsx', 'scripts/agent.ts', 'deactivate', me.email], {
    env: { ...process.env, DATABASE_URL: 'file:./data/e2e.db' },
  });
  expect(out.stdout).toContain('1 customer(s) asked to take a next agent or choose again');
  await page.reload();
  // Asked, not dropped: a next agent is suggested, or I choose again (e2e/customer-handover.spec.ts has both answers).
  await expect(page.getByTestId('handover')).toContainText(`${me.name} has left our team`);
  await expect(page.getByTestId('handover-choose')).toBeVisible();
});
