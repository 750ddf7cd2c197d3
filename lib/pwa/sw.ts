/// <reference lib="webworker" />
// The service worker (bundled by scripts/build-sw.ts into public/sw.js, with the precache list
// injected by workbox-build). What it promises:
// - the app shell works offline: built JS/CSS, icons, the manifest, `/` and `/offline` are precached;
// - pages are network-first (a fresh page in the chosen language when online), the last copy of a
//   page when the network fails or is too slow, and `/offline` for pages never seen;
// - API answers and Socket.IO are never touched: requests to /api/* and /socket.io/* match no
//   route, so the browser sends them straight to the network and nothing of them is cached.
import { clientsClaim } from 'workbox-core';
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';
import { PAGES_CACHE } from './cache-names.ts';
import { registerPushHandlers } from './push-handlers.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<PrecacheEntry | string> };

const OFFLINE_PAGE = '/offline';
/** Past this, a bad network counts as none and the saved page is shown instead. */
const NETWORK_TIMEOUT_SECONDS = 4;

/** Never ours to cache, whatever route is added later. */
const isLiveData = (url: URL) => url.pathname.startsWith('/api/') || url.pathname.startsWith('/socket.io/');

// Registered before the precache route, so navigations to `/` go to the network first instead of
// being answered by the precached copy (which would be stale after a language switch or deploy).
const pages = new NetworkFirst({
  cacheName: PAGES_CACHE,
  networkTimeoutSeconds: NETWORK_TIMEOUT_SECONDS,
  plugins: [new ExpirationPlugin({ maxEntries: 20 })],
});
registerRoute(
  new NavigationRoute(async (options) => {
    try {
      return await pages.handle(options);
    } catch {
      const url = new URL(options.request.url);
      return (
        (url.pathname === '/' ? await matchPrecache('/') : undefined) ??
        (await matchPrecache(OFFLINE_PAGE)) ??
        Response.error()
      );
    }
  }, { denylist: [/^\/api\//, /^\/socket\.io\//, /^\/bare/] }),
);

precacheAndRoute(self.__WB_MANIFEST.filter((e) => !isLiveData(new URL(typeof e === 'string' ? e : e.url, self.location.origin))));
cleanupOutdatedCaches();

// A new version waits until the person accepts the "reload" prompt (workbox-window sends this).
self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting();
});

registerPushHandlers(self);

// The first install controls open pages at once, so they work offline without a reload.
clientsClaim();
