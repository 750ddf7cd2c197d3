import { expect, test } from '@playwright/test';
import { bindAgent, sendRequest, serverRequests, uniqueName } from './helpers.ts';

test('changing agent asks first; keeping changes nothing; confirming leads to a new exclusive agent', async ({ page }, testInfo) => {
  const first = await bindAgent(page, { contact: { name: uniqueName(testInfo, 'Rebind'), phone: '+86 138 0013 8000' } });
  expect(first).toBe('Li Ming');
  const message = `Rebind check ${uniqueName(testInfo, '')}`;
  await sendRequest(page, message);
  await expect(page.getByTestId('request').filter({ hasText: message })).toBeVisible();

  // "Change my agent" opens a confirmation; keeping the agent closes it and changes nothing.
  await page.getByTestId('find').click();
  const dialog = page.getByTestId('change-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('instead of Li Ming');
  await page.getByRole('button', { name: 'Keep my agent' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('my-agent')).toContainText('Li Ming');

  // Escape closes it too.
  await page.getByTestId('find').click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  await page.getByTestId('find').click();
  await page.getByTestId('confirm-change').click();
  await expect(page.getByTestId('agent-name')).toContainText('Li Ming');
  await page.getByTestId('skip').click();
  await expect(page.getByTestId('agent-name')).toContainText('Wang Fang');
  // Contact details are known now: choosing binds at once.
  await page.getByTestId('choose').click();
  await expect(page.getByTestId('notice')).toHaveText('Wang Fang is now your exclusive agent.');
  await expect(page.getByTestId('my-agent')).toContainText('Wang Fang');
  // Earlier requests stay listed (they stay with the agent they were sent to).
  await expect(page.getByTestId('request').filter({ hasText: message })).toBeVisible();

  // The server agrees after a reload, and the request was stored once.
  await page.reload();
  await expect(page.getByTestId('my-agent')).toContainText('Wang Fang');
  expect((await serverRequests(page)).filter((r) => r.message === message)).toHaveLength(1);
});
