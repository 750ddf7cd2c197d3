import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { bindCustomerTo, expectAccessible, screenshot } from './helpers';

// Issues #6 and #10 as the customer lives it: my agent goes Offline with the console still open → the
// pill changes at once, my request waits and nobody is alerted → a cover helps now; later my agent
// leaves the team → I am asked to choose a new one, and told why.
test('my agent goes offline with the console open: I am told at once, and the next best agent covers; when my agent leaves, I choose again', async ({ page, browser, baseURL }, testInfo) => {
  await bindCustomerTo(page, 'Huang Tao', 'Wei Fallback');
  const pill = page.getByTestId('my-agent').getByTestId('agent-status');
  await expect(pill).toHaveText('Online');

  // Huang Tao signs in (the demo console for him goes quiet) and sets Offline — the tab stays open.
  const agentContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL });
  const agent = await agentContext.newPage();
  const alerts: string[] = [];
  agent.on('console', (m) => m.text().startsWith('[alert]') && alerts.push(m.text()));
  await agent.goto('/agent');
  await agent.getByLabel('Email').fill('huang.tao@demo.local');
  await agent.getByLabel('Password').fill('demo-agent');
  await agent.getByRole('button', { name: 'Sign in' }).click();
  await expect(agent.getByTestId('connection')).toHaveText('Live');
  await agent.getByTestId('my-status').selectOption('offline');
  await expect(agent.getByTestId('my-status')).toHaveValue('offline');
  // The customer's pill follows live, without a reload.
  await expect(pill).toHaveText('Offline');

  await page.getByLabel('What do you need help with?').fill('My invoice is wrong');
  await page.getByTestId('send-request').click();
  const held = page.getByTestId('held');
  await expect(held).toContainText('Huang Tao is offline');
  // Nobody was alerted: the open console of an agent who chose Offline stays quiet.
  await expect(agent.getByTestId('conversation').filter({ hasText: 'My invoice is wrong' })).toHaveCount(0);
  expect(alerts).toEqual([]);
  await screenshot(page, testInfo, 'held-offline-en');
  // The same, in Chinese, with the agent's Chinese name.
  await page.getByRole('button', { name: '中文' }).click();
  await expect(held).toContainText('黄涛当前离线');
  await expect(pill).toHaveText('离线');
  await screenshot(page, testInfo, 'held-offline-zh');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(held).toContainText('Huang Tao is offline');
  await expectAccessible(page, 'request held for an offline agent');
  await page.getByTestId('take-cover').click();
  await expect(page.getByTestId('covered')).toContainText('stays your exclusive agent');
  await expect(page.getByTestId('covered')).not.toContainText('Huang Tao is helping you');
  await screenshot(page, testInfo, 'covered-en');
  await expect(page.getByTestId('my-agent')).toContainText('Huang Tao');
  await agentContext.close();

  // Huang Tao leaves the team (the admin command), and the customer comes back later.
  const run = promisify(execFile);
  const out = await run(process.execPath, ['--import', 'tsx', 'scripts/agent.ts', 'deactivate', 'huang.tao@demo.local'], {
    env: { ...process.env, DATABASE_URL: 'file:./data/e2e.db' },
  });
  expect(out.stdout).toContain('1 binding(s) ended');
  await page.reload();
  await expect(page.getByTestId('agent-left')).toContainText('Huang Tao is no longer with us');
  await expect(page.getByTestId('find')).toBeVisible();

  // Other journeys share this server and expect the demo roster: Huang Tao rejoins, online.
  const back = await run(process.execPath, ['--import', 'tsx', 'scripts/agent.ts', 'activate', 'huang.tao@demo.local', 'online'], {
    env: { ...process.env, DATABASE_URL: 'file:./data/e2e.db' },
  });
  expect(back.stdout).toContain('Activated huang.tao@demo.local (online)');
});
