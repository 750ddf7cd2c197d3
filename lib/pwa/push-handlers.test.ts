import { describe, expect, it } from 'vitest';
import { registerPushHandlers, safeTarget } from './push-handlers.ts';

// The worker's notification click, driven through the handler the worker registers, with a stand-in
// for the browser's `clients`. The e2e (e2e/push-notification.spec.ts) drives the same handler in
// Chromium for the focus path; Chromium refuses `clients.openWindow` from a click dispatched by a test
// (no user activation), so the new-window path is shown here: what the worker asks the browser to open.

const ORIGIN = 'https://app.example';

type FakeTab = { url: string; calls: string[] };

const fakeWorker = (tabs: FakeTab[]) => {
  const handlers = new Map<string, (e: unknown) => void>();
  const opened: string[] = [];
  const sw = {
    location: { origin: ORIGIN },
    addEventListener: (type: string, fn: (e: unknown) => void) => handlers.set(type, fn),
    clients: {
      matchAll: async (opts: { type?: string; includeUncontrolled?: boolean }) => {
        // The worker must look at every window of the app, even one it does not control yet.
        expect(opts).toEqual({ type: 'window', includeUncontrolled: true });
        return tabs.map((t) => ({
          url: t.url,
          focus: async () => void t.calls.push('focus'),
          navigate: async (to: string) => void t.calls.push(`navigate ${to}`),
        }));
      },
      openWindow: async (url: string) => void opened.push(url),
    },
  };
  registerPushHandlers(sw as unknown as ServiceWorkerGlobalScope);

  /** A click on a notification whose data carries `url`; resolves when the worker's work is done. */
  const click = async (url: unknown) => {
    let closed = false;
    const work: Promise<unknown>[] = [];
    handlers.get('notificationclick')!({
      notification: { data: { url }, close: () => (closed = true) },
      waitUntil: (p: Promise<unknown>) => work.push(p),
    });
    await Promise.all(work);
    return { closed, opened };
  };
  return { click };
};

describe('a notification click with no window of the app open', () => {
  it('opens a new window at the customer screen the notification is about', async () => {
    const { click } = fakeWorker([]);
    expect(await click('/?request=r1')).toEqual({ closed: true, opened: ['/?request=r1'] });
  });

  it('opens the console for an agent’s notification even when the customer app is open (a tab is reused only for its own surface)', async () => {
    const customerTab = { url: `${ORIGIN}/?request=r0`, calls: [] };
    const { click } = fakeWorker([customerTab]);
    expect(await click(`${ORIGIN}/agent?callback=c1`)).toEqual({ closed: true, opened: ['/agent?callback=c1'] });
    expect(customerTab.calls).toEqual([]);
  });

  it('never opens a page of another site: a foreign or unreadable target opens the home screen', async () => {
    const { click } = fakeWorker([]);
    await click('https://evil.example/phish');
    const { opened } = await click({ not: 'a url' });
    expect(opened).toEqual(['/', '/']);
  });
});

describe('a notification click with a window of the app open', () => {
  it('focuses that window and sends it to the screen; no new window', async () => {
    const consoleTab = { url: `${ORIGIN}/agent`, calls: [] };
    const customerTab = { url: `${ORIGIN}/`, calls: [] };
    const { click } = fakeWorker([customerTab, consoleTab]);
    expect(await click('/agent?callback=c2')).toEqual({ closed: true, opened: [] });
    expect(consoleTab.calls).toEqual(['focus', 'navigate /agent?callback=c2']);
    expect(customerTab.calls).toEqual([]);
  });
});

describe('safeTarget', () => {
  it.each([
    ['/?request=a', '/?request=a'],
    [`${ORIGIN}/agent?callback=b#x`, '/agent?callback=b'],
    ['//evil.example/x', '/'],
    ['javascript:alert(1)', '/'],
    [42, '/'],
  ])('%s → %s', (url, expected) => {
    expect(safeTarget(url, ORIGIN)).toBe(expected);
  });
});
