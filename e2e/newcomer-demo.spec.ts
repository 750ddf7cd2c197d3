import { expect, test } from './fixtures';
import { fillContact, screenshot, uniqueName } from './helpers';
import { replayMotion, syntheticShake } from './motion';

// Issue #10: what a newcomer sees after `npm start` — the demo crowd keeps the seeded online agents at
// real consoles, so a shake finds someone who is really there, and they answer.
test('newcomer: shake → choose → request → a demo agent acknowledges and replies, live', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.getByTestId('find')).toBeVisible();
  // Shake until the page takes it (the first events may arrive before it listens).
  await expect(async () => {
    await replayMotion(page, syntheticShake());
    await expect(page.getByTestId('agent-card')).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId('agent-status')).toHaveText('Online');
  const name = (await page.getByTestId('agent-name').locator('span').first().innerText()).trim();

  await page.getByTestId('choose').click();
  await fillContact(page, { name: uniqueName(testInfo, 'Newcomer'), email: 'newcomer@example.com' });
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByTestId('my-agent')).toContainText(name);
  await expect(page.getByTestId('my-agent').getByTestId('agent-status')).toHaveText('Online');

  await page.getByLabel('What do you need help with?').fill('Where is my parcel?');
  await page.getByTestId('send-request').click();
  const request = page.getByTestId('request').filter({ hasText: 'Where is my parcel?' });
  await expect(request.getByTestId('holder')).toHaveText(`With ${name}.`);
  // A demo agent confirms at once, then acknowledges and answers in the customer's language.
  await expect(request.getByTestId('request-status')).toHaveText(/Your agent is on it|Resolved/, { timeout: 15_000 });
  await expect(request.getByTestId('reply')).toContainText(`this is ${name}`);
  await screenshot(page, testInfo, 'newcomer-demo-reply');
});
