import { expect, test } from './fixtures';


test('skipping past every online agent says so; start over begins again with the best', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('find').click();
  await expect(page.getByTestId('agent-name')).toContainText('Li Ming');

  const seen: string[] = [];
  const exhausted = page.getByTestId('exhausted');
  // The seed has 12 online agents; stop at whatever the roster is, but never loop forever.
  for (let i = 0; i < 40 && !(await exhausted.isVisible()); i++) {
    const name = await page.getByTestId('agent-name').innerText();
    expect(seen, 'no agent is shown twice in one search').not.toContain(name);
    seen.push(name);
    await page.getByTestId('skip').click();
    await expect(page.getByTestId('agent-name').filter({ hasNotText: name }).or(exhausted)).toBeVisible();
  }
  expect(seen.length).toBeGreaterThanOrEqual(12);
  // The screen's title says it too, instead of still promising the best agent online.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You have seen every agent online');
  await expect(page.getByText('Best agent online now')).toHaveCount(0);
  await expect(page.getByTestId('skip')).toHaveCount(0);

  await page.getByTestId('start-over').click();
  await expect(page.getByTestId('agent-name')).toContainText('Li Ming');
});

test('with nobody online, the customer can wait and is told the moment an agent comes online (no polling)', async ({ page, request }) => {
  // The demo crowd keeps agents online, so "nobody online" is the server's answer, stubbed.
  let stubbed = 0;
  await page.route('**/api/matches', (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    stubbed++;
    return route.fulfill({ status: 201, json: { matchId: 'none', agent: null, reason: 'none_online', remaining: 0 } });
  });
  await page.goto('/');
  await page.getByTestId('find').click();
  const exhausted = page.getByTestId('exhausted');
  await expect(exhausted).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('No agent is online right now');
  await expect(page.getByText('Best agent online now')).toHaveCount(0);
  await expect(exhausted.getByRole('button', { name: 'Try again' })).toBeVisible();

  await page.getByTestId('notify-me').click();
  await expect(page.getByTestId('waiting')).toHaveText(/Waiting for an agent to come online/);
  // One look when the page starts listening; then nothing until the server says someone came online.
  await expect.poll(() => stubbed).toBe(2);
  await page.waitForTimeout(1000);
  expect(stubbed).toBe(2);

  // Agents are back (the real server answers), and one becomes available: the page hears it at once.
  await page.unroute('**/api/matches');
  const login = await request.post('/api/agent/login', { data: { email: 'zhu.jun@demo.local', password: 'demo-agent' } });
  const headers = { authorization: `Bearer ${(await login.json()).token}` };
  expect((await request.put('/api/agent/status', { headers, data: { status: 'away' } })).ok()).toBe(true);
  expect((await request.put('/api/agent/status', { headers, data: { status: 'online' } })).ok()).toBe(true);
  await expect(page.getByTestId('agent-came-online')).toHaveText('An agent just came online.');
  await page.getByTestId('show-found').click();
  await expect(page.getByTestId('agent-name')).toContainText('Li Ming');
});
