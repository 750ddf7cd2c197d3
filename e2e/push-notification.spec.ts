import { expect, test } from '@playwright/test';
import { bindCustomerTo, sendRequest, serverRequests, uniqueName, waitForServiceWorker } from './helpers.ts';

// Issue #17: the service worker shows a pushed notification and a click opens the right screen.
// Driven through the worker itself: a PushEvent with the payload the server sends, then a click on
// the notification the worker showed (the browser's push service cannot be reached from here).
test.use({ permissions: ['notifications'] });

const pushThenClick = async (payload: { title: string; body: string; url: string; tag: string }) => {
  const sw = self as unknown as ServiceWorkerGlobalScope;
  const push = new PushEvent('push', { data: JSON.stringify(payload) });
  const shown: Promise<unknown>[] = [];
  const orig = push.waitUntil.bind(push);
  push.waitUntil = (p: Promise<unknown>) => (shown.push(p), orig(p));
  sw.dispatchEvent(push);
  await Promise.all(shown);
  const [n] = await sw.registration.getNotifications({ tag: payload.tag });
  if (!n) throw new Error('the worker showed no notification');
  const result = { title: n.title, body: n.body, url: n.data?.url };
  sw.dispatchEvent(new NotificationEvent('notificationclick', { notification: n }));
  return result;
};

test('a pushed answer: the worker shows it; a click brings the open app to that request', async ({ page, context }, testInfo) => {
  await bindCustomerTo(page, 'Chen Jing', uniqueName(testInfo, 'Push'));
  await sendRequest(page, 'Where is my parcel?');
  await expect.poll(async () => (await serverRequests(page)).length).toBe(1);
  const [request] = await serverRequests(page);
  await waitForServiceWorker(page);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));

  const payload = { title: 'Chen Jing replied', body: 'It arrives tomorrow.', url: `/?request=${request!.id}`, tag: `request-${request!.id}` };
  const shown = await worker.evaluate(pushThenClick, payload);
  expect(shown).toEqual({ title: 'Chen Jing replied', body: 'It arrives tomorrow.', url: `/?request=${request!.id}` });
  await expect(page).toHaveURL(new RegExp(`\\?request=${request!.id}$`));
  await expect(page.locator(`#request-${request!.id}`)).toHaveAttribute('data-linked', 'true');
});

test('an agent’s notification goes to the console tab, not to the customer app open beside it', async ({ page, context }) => {
  await page.goto('/');
  await waitForServiceWorker(page);
  const consoleTab = await context.newPage();
  await consoleTab.goto('/agent');
  await waitForServiceWorker(consoleTab);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  await worker.evaluate(pushThenClick, { title: 'Call Li Lei now', body: '+86 138 0013 8000', url: '/agent?callback=c123', tag: 'callback-c123' });
  await expect(consoleTab).toHaveURL(/\/agent\?callback=c123$/);
  // The customer's tab is left where it was.
  expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/');
});
