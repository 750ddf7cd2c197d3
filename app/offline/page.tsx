import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('common.offline');
  return { title: t('title'), robots: { index: false } };
}

/**
 * What the service worker shows for a page it has never saved when there is no network.
 * Plain links, no client JavaScript needed: it must work from the cache alone.
 */
export default async function OfflinePage() {
  const t = await getTranslations('common.offline');
  return (
    <main id="main" className="app-main">
      <section className="screen offline-page" aria-labelledby="offline-title">
        <div className="empty-icon" aria-hidden="true">
          <svg viewBox="0 0 48 48" width="56" height="56" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round">
            <path d="M14 36h22a8 8 0 0 0 1-16 12 12 0 0 0-23-2 9 9 0 0 0 0 18z" />
            <path d="M8 8l32 32" />
          </svg>
        </div>
        <h1 id="offline-title" className="screen-title">
          {t('title')}
        </h1>
        <p className="muted">{t('body')}</p>
        <a className="button primary" href="/">
          {t('home')}
        </a>
      </section>
    </main>
  );
}
