import type { Browser, Locator, Page } from '@playwright/test';
import sharp from 'sharp';
import { expect, test, type SeededAgent } from './fixtures';
import { ARRIVED, ARRIVED_ZH, bindCustomerTo, expectAccessible, screenshot, uniqueName, waitForServiceWorker } from './helpers';

// Issue 30: pictures in the conversation. The customer on a phone attaches a picture (the file chooser),
// sees its preview and progress, sends; the agent's console shows the thumbnail live and opens it.

const LOCALES = [
  { locale: 'en', lang: 'en', arrived: ARRIVED, queued: 'Will be sent when you are back online', ready: 'Ready', cracked: 'My screen cracked', tunnel: 'Photo from the tunnel' },
  { locale: 'zh-CN', lang: 'zh', arrived: ARRIVED_ZH, queued: '恢复联网后发送', ready: '已就绪', cracked: '手机屏幕裂了', tunnel: '在隧道里拍的照片' },
] as const;

/**
 * A 1200×900 photo-like JPEG (a few hundred kB): a colour gradient with stripes and grain, so the
 * thumbnail and the lightbox show something and a throttled upload takes a few seconds.
 */
const makePhoto = async (hue: number) => {
  const width = 1200;
  const height = 900;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const stripe = Math.floor(x / 80) % 2 === 0 ? 30 : 0;
      const grain = ((x * 7919 + y * 104729) % 23) - 11;
      pixels[i] = (hue + (x * 200) / width + stripe + grain + 256) % 256;
      pixels[i + 1] = ((y * 180) / height + stripe + grain + 256) % 256;
      pixels[i + 2] = 255 - ((x + y) * 120) / (width + height);
    }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
};

/** The phone's uploads slowed to `bytesPerSecond` (downloads untouched), so the progress bar is seen moving; returns the way back to full speed. */
const throttleUploads = async (page: Page, bytesPerSecond: number) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: bytesPerSecond });
  return async () => {
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.detach();
  };
};

const openConsole = async (browser: Browser, baseURL: string | undefined, me: SeededAgent, locale: string) => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, baseURL });
  const agent = await context.newPage();
  await agent.goto('/agent');
  await agent.getByLabel('Email').fill(me.email);
  await agent.getByLabel('Password').fill(me.password);
  await agent.getByRole('button', { name: 'Sign in' }).click();
  await expect(agent.getByTestId('connection')).toHaveText('Live');
  if (locale !== 'en') {
    await context.addCookies([{ name: 'locale', value: locale, url: baseURL! }]);
    await agent.reload();
    await expect(agent.getByTestId('connection')).toHaveText('已连接');
  }
  return { context, agent };
};

/**
 * The customer, bound in English (the helper's words), then reading the app in `locale`. `offline`: once the
 * service worker controls the page, the page is loaded again through it, so the copy it keeps for offline
 * use is in that language (the precached `/` is the one of the first visit).
 */
const customerIn = async (page: Page, me: SeededAgent, name: string, locale: string, opts: { offline?: boolean } = {}) => {
  await bindCustomerTo(page, me.name, name);
  if (opts.offline) await waitForServiceWorker(page);
  if (locale === 'en') return;
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', locale);
  if (!opts.offline) return;
  await page.reload();
  await expect.poll(() => page.evaluate(async () => (await (await caches.match('/'))?.text())?.includes('lang="zh-CN"'))).toBe(true);
};

/** The picture really arrived in the browser (not a broken image). */
const expectLoaded = (img: Locator) => expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);

for (const { locale, lang, arrived, queued, ready, cracked, tunnel } of LOCALES) {
  test(`${lang}: a picture sent with a request and in the thread reaches the agent's console live, and opens in the lightbox`, async ({ page, browser, baseURL, agent: me }, testInfo) => {
    const { context, agent } = await openConsole(browser, baseURL, me, locale);
    // Thumbnails are held back until the alert has been seen: it must never wait for them.
    let releaseThumbnails = () => {};
    const thumbnailsHeld = new Promise<void>((r) => (releaseThumbnails = r));
    await context.route('**/api/uploads/*/thumbnail', async (route) => {
      await thumbnailsHeld;
      await route.continue();
    });
    const customer = uniqueName(testInfo, 'Pic');
    await customerIn(page, me, customer, locale);

    const words = `${cracked} ${uniqueName(testInfo, '')}`;
    await page.locator('#request-message').fill(words);
    const fullSpeed = await throttleUploads(page, 64 * 1024);
    await page.locator('#request-files-gallery').setInputFiles({ name: 'cracked-screen.jpg', mimeType: 'image/jpeg', buffer: await makePhoto(20) });
    const preview = page.getByTestId('draft-file');
    await expect(preview).toHaveAttribute('data-status', 'uploading');
    await expectLoaded(preview.locator('img'));
    // The bar moves with the bytes sent, and Send waits for it.
    const progress = preview.getByTestId('upload-progress');
    await expect.poll(() => progress.evaluate((el: HTMLProgressElement) => el.value)).toBeGreaterThan(0.2);
    await expect(page.getByTestId('send-request')).toBeDisabled();
    await preview.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, testInfo, `attachments-composer-uploading-${lang}`, { fullPage: false });
    await expect(preview).toHaveAttribute('data-status', 'uploaded', { timeout: 20_000 });
    await fullSpeed();
    await expect(preview).toContainText(ready);
    await expectAccessible(page, `customer: a picture picked (${lang})`);
    await screenshot(page, testInfo, `attachments-composer-ready-${lang}`, { fullPage: false });
    await page.getByTestId('send-request').click();

    const mine = page.getByTestId('request').filter({ hasText: words });
    await expect(mine.getByTestId('request-status')).toHaveText(arrived);
    await expect(page.getByTestId('draft-file')).toHaveCount(0);
    await expectLoaded(mine.getByTestId('sent-thumbnail').locator('img'));

    // The console: the alert and the paper-clip come at once, whatever the thumbnails do; the thumbnail's
    // box is there before its picture (1200×900 → 200×150), so nothing moves when it loads.
    const row = agent.getByTestId('conversation').filter({ hasText: words });
    await expect(row.getByTestId('attachment-count')).toContainText('1');
    await row.click();
    const pane = agent.getByTestId('conversation-pane');
    await expect(pane.getByTestId('message').first()).toContainText(words);
    const thumb = pane.getByTestId('message').first().getByTestId('thumbnail');
    const box = await thumb.locator('img').boundingBox();
    expect([box?.width, box?.height]).toEqual([200, 150]);
    releaseThumbnails();
    await expectLoaded(thumb.locator('img'));
    expect(await thumb.locator('img').boundingBox()).toEqual(box);
    await pane.getByTestId('ack').click();

    // The customer adds a second picture and a PDF to the thread, without words: they appear live in the console.
    const add = mine.getByTestId('attach-gallery');
    await add.setInputFiles([
      { name: 'receipt.jpg', mimeType: 'image/jpeg', buffer: await makePhoto(140) },
      { name: 'invoice.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') },
    ]);
    await expect(mine.getByTestId('draft-file')).toHaveCount(2);
    for (const file of await mine.getByTestId('draft-file').all()) await expect(file).toHaveAttribute('data-status', 'uploaded');
    await mine.getByTestId('send-message').click();
    await expect(mine.getByTestId('my-message').getByTestId('sent-thumbnail')).toHaveCount(1);
    await expect(mine.getByTestId('my-message').getByTestId('sent-pdf')).toContainText('invoice.pdf');
    await expectLoaded(mine.getByTestId('my-message').getByTestId('sent-thumbnail').locator('img'));
    await expectAccessible(page, `customer: the thread with pictures (${lang})`);
    await screenshot(page, testInfo, `attachments-customer-thread-${lang}`);

    const second = pane.getByTestId('message').nth(1).getByTestId('thumbnail');
    await expectLoaded(second.locator('img'));
    await expect(pane.getByTestId('message').nth(1).getByTestId('pdf-link')).toContainText('invoice.pdf');
    await expect(agent.getByTestId('conversation').filter({ hasText: customer })).toContainText(lang === 'en' ? '2 files' : '2 个文件');
    await expectAccessible(agent, `console: a conversation with pictures (${lang})`);
    await screenshot(agent, testInfo, `attachments-console-thumbnails-${lang}`, { fullPage: false });

    // The lightbox: the full picture, its name, download, previous / next, Escape returns to the thumbnail.
    await thumb.click();
    const lightbox = agent.getByTestId('lightbox');
    await expect(lightbox).toBeVisible();
    await expect(lightbox).toContainText('cracked-screen.jpg');
    await expectLoaded(lightbox.getByTestId('lightbox-image'));
    expect(await lightbox.getByTestId('lightbox-image').evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(320);
    await expect(lightbox.getByTestId('lightbox-download')).toHaveAttribute('href', /^\/api\/uploads\/[^/?]+\?download=1$/);
    const download = await agent.request.get((await lightbox.getByTestId('lightbox-download').getAttribute('href'))!);
    expect(download.headers()['content-disposition']).toMatch(/^attachment/);
    await expectAccessible(agent, `console: the lightbox (${lang})`);
    await screenshot(agent, testInfo, `attachments-lightbox-${lang}`, { fullPage: false });
    await lightbox.getByTestId('lightbox-next').click();
    await expect(lightbox).toContainText('receipt.jpg');
    await agent.keyboard.press('ArrowLeft');
    await expect(lightbox).toContainText('cracked-screen.jpg');
    await agent.keyboard.press('Escape');
    await expect(lightbox).toBeHidden();
    await expect(thumb).toBeFocused();

    // After a reload the console's list brings the files back too (the row's last line: "2 files").
    await agent.reload();
    await agent.getByTestId('conversation').filter({ hasText: customer }).click();
    await expect(pane.getByTestId('thumbnail')).toHaveCount(2);
    await expectLoaded(pane.getByTestId('thumbnail').last().locator('img'));
    await context.close();
  });

  test(`${lang}: a request with a picture written offline is kept through a reload and sent with it when back online`, async ({ page, browser, baseURL, agent: me }, testInfo) => {
    const { context, agent } = await openConsole(browser, baseURL, me, locale);
    await customerIn(page, me, uniqueName(testInfo, 'Tunnel'), locale, { offline: true });
    const keys: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/service-requests')) keys.push(r.headers()['idempotency-key'] ?? '');
    });

    await page.context().setOffline(true);
    await expect(page.getByTestId('offline-banner')).toBeVisible();
    const words = `${tunnel} ${uniqueName(testInfo, '')}`;
    await page.locator('#request-message').fill(words);
    await page.locator('#request-files-gallery').setInputFiles({ name: 'tunnel.jpg', mimeType: 'image/jpeg', buffer: await makePhoto(200) });
    await expect(page.getByTestId('draft-file')).toHaveAttribute('data-status', 'waiting');
    await page.getByTestId('send-request').click();
    const item = page.getByTestId('request').filter({ hasText: words });
    await expect(item.getByTestId('request-status')).toHaveText(queued);
    await expect(item.getByTestId('queued-files')).toContainText('tunnel.jpg');
    await screenshot(page, testInfo, `attachments-offline-queued-${lang}`);

    // Still offline, a reload: the words come back from localStorage, the picture from IndexedDB.
    await page.reload();
    await expect(item.getByTestId('queued-files')).toContainText('tunnel.jpg');

    await page.context().setOffline(false);
    await expect(item.getByTestId('request-status')).toHaveText(arrived);
    await expectLoaded(item.getByTestId('sent-thumbnail').locator('img'));
    const listed = (await (await page.request.get('/api/service-requests')).json()) as { requests: { message: string; attachments: { name: string }[] }[] };
    expect(listed.requests.filter((r) => r.message === words).map((r) => r.attachments.map((a) => a.name))).toEqual([['tunnel.jpg']]);
    expect(new Set(keys).size).toBe(1);
    // The picture's bytes waited in IndexedDB; they are gone once it is sent.
    const filesKept = () =>
      page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const open = indexedDB.open('ea-customer-files');
            open.onsuccess = () => {
              const count = open.result.transaction('files').objectStore('files').count();
              count.onsuccess = () => resolve(count.result);
            };
          }),
      );
    await expect.poll(filesKept).toBe(0);

    const row = agent.getByTestId('conversation').filter({ hasText: words });
    await expect(row.getByTestId('attachment-count')).toContainText('1');
    await row.click();
    await expectLoaded(agent.getByTestId('conversation-pane').getByTestId('thumbnail').locator('img'));
    await context.close();
  });
}
