import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { bindCustomerTo, expectAccessible } from './helpers';

// Issue #6 as the customer lives it: my agent went offline → told honestly → a cover helps now;
// later my agent leaves the team → I am asked to choose a new one, and told why.
test('my agent is offline: I am told, and the next best agent covers; when my agent leaves, I choose again', async ({ page, browser, baseURL }) => {
  await bindCustomerTo(page, 'Huang Tao', 'Wei Fallback');

  // Huang Tao signs in and goes offline for the day.
  const agentContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL });
  const agent = await agentContext.newPage();
  await agent.goto('/agent');
  await agent.getByLabel('Email').fill('huang.tao@demo.local');
  await agent.getByLabel('Password').fill('demo-agent');
  await agent.getByRole('button', { name: 'Sign in' }).click();
  await agent.getByTestId('my-status').selectOption('offline');
  await expect(agent.getByTestId('my-status')).toHaveValue('offline');
  await agentContext.close();

  await page.getByLabel('What do you need help with?').fill('My invoice is wrong');
  await page.getByTestId('send-request').click();
  const held = page.getByTestId('held');
  await expect(held).toContainText('Huang Tao is offline');
  await expectAccessible(page, 'request held for an offline agent');
  await page.getByTestId('take-cover').click();
  await expect(page.getByTestId('covered')).toContainText('stays your exclusive agent');
  await expect(page.getByTestId('my-agent')).toContainText('Huang Tao');

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
