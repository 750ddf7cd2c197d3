'use client';

import { useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';

/** Chromium's install event (not in TypeScript's DOM types). */
type BeforeInstallPromptEvent = Event & {
  prompt: () => Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
};

const DISMISSED_KEY = 'ea-install-dismissed';

/** Offers "add to home screen" where the browser supports it; says nothing elsewhere. */
export function InstallPrompt() {
  const t = useTranslations('common.install');
  const [event, setEvent] = useState<BeforeInstallPromptEvent | null>(null);

  useEffect(() => {
    const onPrompt = (e: Event) => {
      // Keep the browser's mini-infobar away; we ask in our own words, once.
      e.preventDefault();
      if (localStorage.getItem(DISMISSED_KEY)) return;
      setEvent(e as BeforeInstallPromptEvent);
    };
    const onInstalled = () => setEvent(null);
    window.addEventListener('beforeinstallprompt', onPrompt);
    window.addEventListener('appinstalled', onInstalled);
    return () => {
      window.removeEventListener('beforeinstallprompt', onPrompt);
      window.removeEventListener('appinstalled', onInstalled);
    };
  }, []);

  if (!event) return null;
  return (
    <aside className="card install" aria-labelledby="install-title" data-testid="install-prompt">
      <h2 id="install-title">{t('title')}</h2>
      <p className="muted">{t('body')}</p>
      <div className="row">
        <button
          type="button"
          className="primary grow"
          data-testid="install"
          onClick={async () => {
            await event.prompt();
            await event.userChoice.catch(() => null);
            setEvent(null);
          }}
        >
          {t('install')}
        </button>
        <button
          type="button"
          className="grow"
          onClick={() => {
            localStorage.setItem(DISMISSED_KEY, new Date().toISOString());
            setEvent(null);
          }}
        >
          {t('later')}
        </button>
      </div>
    </aside>
  );
}
