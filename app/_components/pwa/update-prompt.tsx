'use client';

import { useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import type { Workbox } from 'workbox-window';

/**
 * Registers the service worker once the page has loaded (workbox-window is fetched only then) and
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
    if (document.readyState === 'complete') start();
    else window.addEventListener('load', start, { once: true });
    return () => {
      cancelled = true;
      window.removeEventListener('load', start);
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
