import { io, type Socket } from 'socket.io-client';
import { expect, test, type SeededAgent } from './fixtures';
import { bindCustomerTo, expectAccessible, screenshot, uniqueName } from './helpers';

// Issue 28, handover with consent, as the customer lives it: my agent leaves the team while I have the app
// open → I am asked at once (no reload) who should look after me, with the suggested agent's card → I
// take them; later that agent leaves too → this time I choose again myself and land in the search.
// Run on the phone (390×844) and the desktop (1366×900), in both languages.

/** The agent's console, opened from here (a signed-in socket, online), so a customer can find them. */
const openConsole = async (baseURL: string, agent: SeededAgent): Promise<Socket> => {
  const res = await fetch(`${baseURL}/api/agent/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: baseURL }, body: JSON.stringify({ email: agent.email, password: agent.password }) });
  expect(res.status).toBe(200);
  const { token } = (await res.json()) as { token: string };
  const socket = io(baseURL, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token } });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  await new Promise((resolve) => socket.emit('agent:set-status', { status: 'online' }, resolve));
  return socket;
};

test('my agent leaves: I am asked who should look after me; I take the suggestion, and the next time choose again', async ({ page, seedAgent, playwright, baseURL }, testInfo) => {
  const tag = testInfo.project.name === 'phone' ? '390' : '1366';
  await page.setViewportSize(testInfo.project.name === 'phone' ? { width: 390, height: 844 } : { width: 1366, height: 900 });
  // The skills no demo agent has both of: the suggestion is the colleague who shares them.
  const skills = ['returns', 'devices'];
  const leaving = await seedAgent({ capability: 99, skills });
  const next = await seedAgent({ capability: 12, skills });
  const third = await seedAgent({ capability: 11, skills });
  const console = await openConsole(baseURL!, leaving);
  await bindCustomerTo(page, leaving.name, uniqueName(testInfo, 'Handover'));
  console.disconnect();

  // My agent leaves the team (the same leave as the admin page's), while my app is open.
  const api = await playwright.request.newContext({ baseURL });
  expect((await api.delete(`/api/test/agents/${leaving.handle}`)).status()).toBe(200);
  const prompt = page.getByTestId('handover');
  await expect(prompt).toContainText(`${leaving.name} has left our team`);
  await expect(prompt.getByTestId('handover-suggested')).toContainText(next.name);
  await expect(prompt).toContainText('Until you answer, your requests are answered by colleagues as usual.');
  await screenshot(page, testInfo, `handover-en-${tag}`);
  await expectAccessible(page, 'handover prompt (en)');
  await page.getByRole('button', { name: '中文' }).click();
  await expect(prompt).toContainText(`${leaving.nameZh} 已离开我们的团队`);
  await expect(prompt.getByTestId('handover-accept')).toHaveText(`选择 ${next.nameZh} 作为我的客服`);
  await screenshot(page, testInfo, `handover-zh-${tag}`);
  await expectAccessible(page, 'handover prompt (zh)');

  // Answer 1: take the suggested agent.
  await prompt.getByTestId('handover-accept').click();
  await expect(prompt).toHaveCount(0);
  await expect(page.getByTestId('my-agent')).toContainText(next.nameZh);
  await expect(page.getByTestId('notice')).toContainText(next.nameZh);
  await screenshot(page, testInfo, `handover-accepted-zh-${tag}`);

  // Later that agent leaves too; I come back to the app (a reload) and am asked again.
  await page.getByRole('button', { name: 'English' }).click();
  expect((await api.delete(`/api/test/agents/${next.handle}`)).status()).toBe(200);
  await page.reload();
  await expect(prompt).toContainText(`${next.name} has left our team`);
  await expect(prompt.getByTestId('handover-suggested')).toContainText(third.name);
  // Answer 2: choose again — the search starts, as for anyone.
  await prompt.getByTestId('handover-choose').click();
  await expect(page.getByTestId('choose')).toBeVisible();
  await expect(page.getByTestId('my-agent')).toHaveCount(0);
  await screenshot(page, testInfo, `handover-chose-again-en-${tag}`);
  await expectAccessible(page, 'search after choosing again');
  await api.dispose();
});
