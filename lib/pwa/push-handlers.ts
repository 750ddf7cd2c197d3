/// <reference lib="webworker" />
// Web Push in the service worker: show what the server sent, and on a click bring the right screen
// forward — an open tab of the app is focused and sent there, else a new window opens.

type Payload = { title?: string; body?: string; url?: string; tag?: string };

/** Only paths of this app are opened; anything else falls back to the home screen. */
export const safeTarget = (url: unknown, origin: string): string => {
  if (typeof url !== 'string') return '/';
  try {
    const u = new URL(url, origin);
    return u.origin === origin ? u.pathname + u.search : '/';
  } catch {
    return '/';
  }
};

export const registerPushHandlers = (sw: ServiceWorkerGlobalScope) => {
  sw.addEventListener('push', (event) => {
    let data: Payload = {};
    try {
      data = (event.data?.json() as Payload) ?? {};
    } catch {
      data = { body: event.data?.text() };
    }
    event.waitUntil(
      sw.registration.showNotification(data.title ?? 'Exclusive Agent', {
        body: data.body ?? '',
        tag: data.tag,
        icon: '/icons/icon-192.png',
        data: { url: safeTarget(data.url, sw.location.origin) },
      }),
    );
  });

  sw.addEventListener('notificationclick', (event) => {
    event.notification.close();
    const target = safeTarget(event.notification.data?.url, sw.location.origin);
    event.waitUntil(
      (async () => {
        const all = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
        // The console for agents' notifications, the customer app for customers': reuse a tab of the same surface.
        const surface = (p: string) => (p.startsWith('/agent') ? 'agent' : 'customer');
        const tab = all.find((c) => surface(new URL(c.url).pathname) === surface(target));
        if (tab) {
          await tab.focus().catch(() => undefined);
          await tab.navigate(target).catch(() => undefined);
          return;
        }
        await sw.clients.openWindow(target);
      })(),
    );
  });

  // The browser replaced the subscription (keys rotated): tell the server so pushes keep arriving.
  sw.addEventListener('pushsubscriptionchange', (event) => {
    const e = event as Event & { newSubscription?: PushSubscription | null };
    if (!e.newSubscription) return;
    (event as ExtendableEvent).waitUntil(
      fetch('/api/push/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, credentials: 'include', body: JSON.stringify(e.newSubscription.toJSON()) }).then(() => undefined),
    );
  });
};
