import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { waitForServiceWorker } from './helpers.ts';

const SW_FILE = path.join(import.meta.dirname, '..', 'public', 'sw.js');

const pngSize = (buf: Buffer) => ({ width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) });

test('the manifest makes the app installable: names, standalone, colours, language and real icons', async ({ page, request }) => {
  await page.goto('/');
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
  const manifest = await (await request.get('/manifest.webmanifest')).json();
  expect(manifest).toMatchObject({
    name: 'Exclusive Agent',
    short_name: expect.any(String),
    display: 'standalone',
    start_url: '/',
    lang: 'en',
    theme_color: expect.stringMatching(/^#/),
    background_color: expect.stringMatching(/^#/),
  });
  const icons: { src: string; sizes: string; purpose: string }[] = manifest.icons;
  for (const [size, purpose] of [['192x192', 'any'], ['512x512', 'any'], ['192x192', 'maskable'], ['512x512', 'maskable']]) {
    const icon = icons.find((i) => i.sizes === size && i.purpose === purpose);
    expect(icon, `${purpose} icon ${size}`).toBeDefined();
    const res = await request.get(icon!.src);
    expect(res.headers()['content-type']).toBe('image/png');
    const { width, height } = pngSize(await res.body());
    expect(`${width}x${height}`).toBe(size);
  }
});

test('the service worker file is never cached by HTTP', async ({ request }) => {
  const res = await request.get('/sw.js');
  expect(res.ok()).toBe(true);
  expect(res.headers()['cache-control']).toContain('no-cache');
  expect(await res.text()).toContain('/_next/static/');
});

test('when a new service worker is waiting, the app offers a reload that switches to it', async ({ page }) => {
  await page.goto('/');
  await waitForServiceWorker(page);
  await expect(page.getByTestId('update-prompt')).toHaveCount(0);

  // A deploy: the served /sw.js gets different bytes (the browser's update check cannot be
  // intercepted by Playwright, so the file itself changes, and is put back whatever happens).
  const original = await readFile(SW_FILE, 'utf8');
  try {
    await writeFile(SW_FILE, `${original}\n// next deploy ${Date.now()}\n`);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    await expect(page.getByTestId('update-prompt')).toContainText('A new version is available.');
    const waitingScript = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting?.scriptURL);
    expect(waitingScript).toMatch(/\/sw\.js$/);

    // Accepting activates the waiting worker and reloads the page onto it.
    const reloaded = page.waitForEvent('load');
    await page.getByTestId('update-reload').click();
    await reloaded;
    await waitForServiceWorker(page);
    expect(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())!.waiting)).toBe(false);
    await expect(page.getByTestId('update-prompt')).toHaveCount(0);
    await expect(page.getByTestId('find')).toBeVisible();
  } finally {
    await writeFile(SW_FILE, original);
  }
});

test('where the browser offers installation, the app asks in its own words', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('find')).toBeVisible();
  // Headless Chromium does not decide to offer installation itself: give the page the event it would get.
  // The first screen is in the server's HTML, so it shows before the app has hydrated and listens: the
  // browser would fire the event again later; here it is given until the app takes it (once).
  const offer = () =>
    page.evaluate(() => {
      const e = new Event('beforeinstallprompt', { cancelable: true }) as Event & Record<string, unknown>;
      e.prompt = () => {
        (window as unknown as { prompted: boolean }).prompted = true;
        return Promise.resolve();
      };
      e.userChoice = Promise.resolve({ outcome: 'accepted' });
      window.dispatchEvent(e);
      return e.defaultPrevented;
    });
  await expect.poll(offer, { timeout: 15_000 }).toBe(true);
  const card = page.getByTestId('install-prompt');
  await expect(card).toContainText('Add Exclusive Agent to your home screen');
  await page.getByTestId('install').click();
  await expect(card).toBeHidden();
  expect(await page.evaluate(() => (window as unknown as { prompted?: boolean }).prompted)).toBe(true);
});
