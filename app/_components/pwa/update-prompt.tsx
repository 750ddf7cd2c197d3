'use client';

import { useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import type { Workbox } from 'workbox-window';

/** After `load`, when the browser is idle (or after at most this long): the first screen's work comes first. */
const REGISTER_IDLE_TIMEOUT_MS = 3000;

/**
 * Registers the service worker once the page has loaded and the main thread is idle (workbox-window
 * is fetched only then; the worker's install downloads every chunk for offline use) and
 * offers a reload when a new version is waiting. The new worker takes over only when the person
 * says so, so a half-filled form is never reloaded away.
 */
export function UpdatePrompt() {
  const t = useTranslations('common.update');
  const [waiting, setWaiting] = useState(false);
  const wb = useRef<Workbox | null>(null);

  useEffect(() => {
    // Development serves no sw.js (it is built by `npm run build`).
    if (process.env.NODE_ENV !== 'production' || !('serviceWorker' in navigator)) return;
    let cancelled = false;
    // The first worker taking control (clientsClaim on first visit) is not an update; any later
    // change of controller is one — accepted here or in another tab — so reload onto it.
    // (workbox-window's `controlling.isUpdate` misses the case of a worker installed during this visit.)
    let controlled = !!navigator.serviceWorker.controller;
    const onControllerChange = () => {
      if (controlled) window.location.reload();
      controlled = true;
    };
    navigator.serviceWorker.addEventListener('controllerchange', onControllerChange);
    const start = () => {
      void import('workbox-window').then(({ Workbox }) => {
        if (cancelled) return;
        const workbox = new Workbox('/sw.js', { scope: '/' });
        workbox.addEventListener('waiting', () => setWaiting(true));
        void workbox.register();
        wb.current = workbox;
      });
    };
    let cancelWait = () => {};
    const whenIdle = () => {
      if (typeof window.requestIdleCallback === 'function') {
        const id = window.requestIdleCallback(start, { timeout: REGISTER_IDLE_TIMEOUT_MS });
        cancelWait = () => window.cancelIdleCallback(id);
      } else {
        // Safari has no requestIdleCallback: a timer then.
        const id = window.setTimeout(start, 0);
        cancelWait = () => window.clearTimeout(id);
      }
    };
    if (document.readyState === 'complete') whenIdle();
    else window.addEventListener('load', whenIdle, { once: true });
    return () => {
      cancelled = true;
      cancelWait();
      window.removeEventListener('load', whenIdle);
      navigator.serviceWorker.removeEventListener('controllerchange', onControllerChange);
    };
  }, []);

  if (!waiting) return null;
  return (
    <div className="toast" role="status" data-testid="update-prompt">
      <p>{t('available')}</p>
      <button type="button" className="primary" onClick={() => wb.current?.messageSkipWaiting()} data-testid="update-reload">
        {t('reload')}
      </button>
    </div>
  );
}
