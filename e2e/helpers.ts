// Shared steps for the customer journeys. Each spec gets a fresh browser context (a new customer),
// so specs never depend on each other or on their order; customers meet the seeded demo roster, and a
// journey that needs an agent's own console gets agents of its own (e2e/fixtures.ts).
import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';

export const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots');

/** Entry animations (a card fading in) finished: what a person looks at, not a frame halfway through a fade. */
const settle = (page: Page) =>
  page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => null)),
    ),
  );

/** No serious or critical axe violation on what the page shows now (once its entry animations are over). */
export const expectAccessible = async (page: Page, screen: string) => {
  // axe measured contrast mid-fade on a loaded machine (text at 40 % opacity fails 4.5:1) and failed by timing.
  await settle(page);
  // A language switch re-renders the page in place, and Next streams the new <title> after the body:
  // axe once scanned in that moment and found no title (CI, "request with read receipt (zh-CN)").
  // A page that never gets its title still fails, here, by name.
  await expect.poll(() => page.title(), { message: `"${screen}" has a document title` }).not.toBe('');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `axe on "${screen}"`).toEqual([]);
};

/** Every visible control is at least 44×44 CSS px, and nothing is wider than the screen. */
export const expectTouchFriendly = async (page: Page, screen: string) => {
  const problems = await page.evaluate(() => {
    const out: string[] = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width) out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    for (const el of document.querySelectorAll<HTMLElement>('button, a[href], input, textarea, select')) {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (!r.width || !r.height || style.visibility === 'hidden' || el.closest('dialog:not([open])')) continue;
      if (el.classList.contains('skip-link')) continue; // hidden until focused
      if (r.height < 44 || r.width < 44) out.push(`${el.tagName.toLowerCase()} "${el.textContent?.trim() || el.getAttribute('aria-label')}" is ${Math.round(r.width)}×${Math.round(r.height)}`);
      if (r.right > width + 1) out.push(`${el.tagName.toLowerCase()} "${el.textContent?.trim()}" sticks out to ${Math.round(r.right)}px`);
    }
    return out;
  });
  expect(problems, `touch targets on "${screen}"`).toEqual([]);
};

/** Saves a full-page screenshot as e2e/screenshots/<project>/<name>.png (git-ignored) for a person to look at. */
export const screenshot = async (page: Page, testInfo: TestInfo, name: string, opts: { fullPage?: boolean } = {}) => {
  const dir = path.join(SCREENSHOTS, testInfo.project.name);
  await mkdir(dir, { recursive: true });
  // Let entry animations settle so the picture shows the resting screen.
  await settle(page);
  const fullPage = opts.fullPage ?? true;
  // From the top, so the sticky header sits where a person sees it.
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage });
};

/**
 * A real swipe: touch events through the DevTools protocol on touch devices (the browser turns them
 * into pointer events, as on a phone), a mouse drag elsewhere.
 */
export const swipe = async (page: Page, target: Locator, direction: 'left' | 'right', fraction = 0.6) => {
  const box = await target.boundingBox();
  if (!box) throw new Error('nothing to swipe');
  const y = box.y + box.height / 2;
  const x0 = box.x + box.width / 2;
  const dx = (direction === 'left' ? -1 : 1) * box.width * fraction;
  const steps = 10;
  const hasTouch = await page.evaluate(() => navigator.maxTouchPoints > 0);
  if (hasTouch) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: x0, y }] });
    for (let i = 1; i <= steps; i++) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x0 + (dx * i) / steps, y }] });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
  } else {
    await page.mouse.move(x0, y);
    await page.mouse.down();
    await page.mouse.move(x0 + dx, y, { steps });
    await page.mouse.up();
  }
};

export const uniqueName = (testInfo: TestInfo, label: string) => `${label} ${testInfo.project.name} ${testInfo.testId.slice(0, 6)}${testInfo.retry}`;

export type Contact = { name: string; phone?: string; email?: string; im?: string };

export const fillContact = async (page: Page, contact: Contact) => {
  await page.getByLabel('Name').fill(contact.name);
  await page.getByLabel('Phone').fill(contact.phone ?? '');
  await page.getByLabel('Email').fill(contact.email ?? '');
  await page.getByLabel('IM account').fill(contact.im ?? '');
};

/** From a fresh start: find, skip `skips` times, choose, give contact info; returns the agent's name. */
export const bindAgent = async (page: Page, opts: { skips?: number; contact: Contact }) => {
  await page.goto('/');
  await page.getByTestId('find').click();
  await expect(page.getByTestId('agent-card')).toBeVisible();
  for (let i = 0; i < (opts.skips ?? 0); i++) {
    const before = await page.getByTestId('agent-name').innerText();
    await page.getByTestId('skip').click();
    await expect(page.getByTestId('agent-name')).not.toHaveText(before);
  }
  const name = (await page.getByTestId('agent-name').locator('span').first().innerText()).trim();
  await page.getByTestId('choose').click();
  await fillContact(page, opts.contact);
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByTestId('notice')).toHaveText(`${name} is now your exclusive agent.`);
  return name;
};

/** The service worker controls this page (after the first visit it claims it without a reload). */
export const waitForServiceWorker = async (page: Page) => {
  await page.waitForFunction(async () => {
    await navigator.serviceWorker.ready;
    return !!navigator.serviceWorker.controller;
  });
};

export const sendRequest = async (page: Page, message: string) => {
  await page.locator('#request-message').fill(message);
  await page.getByTestId('send-request').click();
};

/** The customer's requests as the server has them (shares the page's cookies). */
export const serverRequests = async (page: Page): Promise<{ id: string; message: string; status: string }[]> => {
  const res = await page.request.get('/api/service-requests');
  expect(res.ok()).toBe(true);
  return (await res.json()).requests;
};

/** A new customer finds the agent with that (English) name by skipping, chooses them and gives an email. */
export const bindCustomerTo = async (page: Page, agentName: string, customerName: string) => {
  await page.goto('/');
  await page.getByTestId('find').click();
  const shown = page.getByTestId('agent-name');
  for (let i = 0; i < 12; i++) {
    await expect(shown).toBeVisible();
    const name = await shown.innerText();
    if (name.includes(agentName)) break;
    await page.getByTestId('skip').click();
    await expect(shown).not.toHaveText(name);
  }
  await expect(shown).toContainText(agentName);
  await page.getByTestId('choose').click();
  await page.getByLabel('Name').fill(customerName);
  await page.getByLabel('Email').fill(`${customerName.toLowerCase().replace(/\s/g, '.')}@example.com`);
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByTestId('my-agent')).toContainText(agentName);
};

/**
 * The server has the request: whichever status it has reached by now. The demo crowd's consoles
 * confirm alerts at once and answer in seconds, so "Sent" may already have become "Delivered"…
 */
export const ARRIVED = /^(Sent|Delivered to your agent|Your agent is on it|Resolved)$/;
export const ARRIVED_ZH = /^(已发送|已送达您的客服|客服正在处理|已解决)$/;

/** On a phone the console's header is one row and its tools (sound, settings, language, sign out) fold behind "More". */
export const openConsoleTools = async (page: Page) => {
  // The header must be on screen before "is the toggle shown?" means anything (wide screens have none).
  await page.getByTestId('me').waitFor();
  const toggle = page.getByTestId('console-more-toggle');
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
};

export const closeConsoleTools = async (page: Page) => {
  const toggle = page.getByTestId('console-more-toggle');
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) === 'true') await toggle.click();
};

/** An admin made (or given this password again) by the command, in the e2e server's database. */
export const createAdminByCommand = (email: string, name: string, password: string) => {
  const made = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', 'create', email, name, '--reset'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: { ...process.env, DATABASE_URL: 'file:./data/e2e.db', ADMIN_PASSWORD: password, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  expect(made.status, made.stderr).toBe(0);
};
