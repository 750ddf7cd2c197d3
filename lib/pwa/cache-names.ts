/** Cache names shared by the service worker (lib/pwa/sw.ts) and the page. Client-safe. */
export const PAGES_CACHE = 'ea-pages-v1';
export const STATIC_CACHE = 'ea-static-v1';

/**
 * After the language changes, the copy of this page kept for offline use is in the old language:
 * fetch it again (with the new cookie) into the cache the service worker serves navigations from.
 * Best effort: without a service worker or cache, nothing to do.
 */
export const refreshSavedPage = async (path: string): Promise<void> => {
  if (typeof caches === 'undefined' || !(await caches.has(PAGES_CACHE))) return;
  const cache = await caches.open(PAGES_CACHE);
  if (await cache.match(path)) await cache.add(path).catch(() => {});
};
