import { expect, test } from '@playwright/test';
import { bindAgent, sendRequest, serverRequests, uniqueName, waitForServiceWorker, ARRIVED } from './helpers.ts';

test('after one visit, / reloads offline from the service worker with my agent and my requests', async ({ page, context }, testInfo) => {
  await bindAgent(page, { contact: { name: uniqueName(testInfo, 'Offline'), email: 'offline@example.com' } });
  const message = `Sent while online ${uniqueName(testInfo, '')}`;
  await sendRequest(page, message);
  await expect(page.getByTestId('request').filter({ hasText: message }).getByTestId('request-status')).toHaveText(ARRIVED);
  await waitForServiceWorker(page);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('offline-banner')).toContainText('You are offline.');
  await expect(page.getByTestId('my-agent')).toContainText('Li Ming');
  await expect(page.getByTestId('request').filter({ hasText: message })).toBeVisible();

  // A page never visited has no saved copy: the offline page says so in words.
  await page.goto('/never-visited');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are offline');
  await page.getByRole('link', { name: 'Open the app' }).click();
  await expect(page.getByTestId('my-agent')).toContainText('Li Ming');

  // Answers that must be fresh are never stored by the service worker.
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
    return urls;
  });
  expect(cached).toContain('/');
  expect(cached.filter((u) => u.startsWith('/api/') || u.startsWith('/socket.io'))).toEqual([]);
});

test('a request written offline is kept through a reload and delivered exactly once when back online', async ({ page, context }, testInfo) => {
  await bindAgent(page, { skips: 1, contact: { name: uniqueName(testInfo, 'Train'), phone: '+86 139 0000 0000' } });
  await waitForServiceWorker(page);
  const keys: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/service-requests')) keys.push(r.headers()['idempotency-key'] ?? '');
  });

  await context.setOffline(true);
  await expect(page.getByTestId('offline-banner')).toBeVisible();
  const message = `Written in a tunnel ${uniqueName(testInfo, '')}`;
  await sendRequest(page, message);
  const item = page.getByTestId('request').filter({ hasText: message });
  await expect(item.getByTestId('request-status')).toHaveText('Will be sent when you are back online');
  await expect(page.getByText('You are offline. It will be sent when you are back online.')).toBeVisible();

  // Still offline, the page reloads from the service worker and the request is still waiting.
  await page.reload();
  await expect(item.getByTestId('request-status')).toHaveText('Will be sent when you are back online');
  expect((await page.evaluate(() => localStorage.getItem('ea-customer'))) ?? '').toContain(message);

  await context.setOffline(false);
  await expect(item.getByTestId('request-status')).toHaveText(ARRIVED);
  await expect(page.getByTestId('offline-banner')).toBeHidden();
  await expect(item).toHaveCount(1);
  expect((await serverRequests(page)).filter((r) => r.message === message)).toHaveLength(1);
  // Every attempt carried the key the request was given when it was written.
  expect(keys.length).toBeGreaterThanOrEqual(1);
  expect(new Set(keys).size).toBe(1);
});

test('when the answer is lost, the retry carries the same key and the server stores the request once', async ({ page }, testInfo) => {
  await bindAgent(page, { skips: 2, contact: { name: uniqueName(testInfo, 'Lossy'), im: 'lossy_line' } });
  const keys: string[] = [];
  // The first POST reaches the server, which stores the request; its answer never comes back.
  await page.route('**/api/service-requests', async (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    keys.push(route.request().headers()['idempotency-key'] ?? '');
    if (keys.length === 1) {
      await route.fetch();
      return route.abort('connectionreset');
    }
    return route.fallback();
  });
  const message = `Answer lost ${uniqueName(testInfo, '')}`;
  await sendRequest(page, message);
  const item = page.getByTestId('request').filter({ hasText: message });
  await expect(item.getByTestId('request-status')).toHaveText('Will be sent when you are back online');
  expect((await serverRequests(page)).filter((r) => r.message === message)).toHaveLength(1);

  // The connection "comes back": the outbox sends again.
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(item.getByTestId('request-status')).toHaveText(ARRIVED);
  await expect(item).toHaveCount(1);
  expect(keys).toHaveLength(2);
  expect(keys[1]).toBe(keys[0]);
  expect((await serverRequests(page)).filter((r) => r.message === message)).toHaveLength(1);
});
