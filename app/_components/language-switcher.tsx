'use client';

import { useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE, LOCALE_NAMES, LOCALES, type Locale } from '@/lib/i18n/config.ts';
import { refreshSavedPage } from '@/lib/pwa/cache-names.ts';

/** Short visible names; each is written in its own language so a reader can find theirs. */
const SHORT: Record<Locale, string> = { en: 'English', 'zh-CN': '中文' };

/**
 * Language buttons for any surface (customer app, agent console). The choice goes into the
 * `locale` cookie, which the server's i18n request config reads before Accept-Language; the server
 * components then re-render in place, so nothing typed or loaded on the page is lost.
 * Needs `common.language.*` messages in the nearest NextIntlClientProvider.
 */
export function LanguageSwitcher({ className = '' }: { className?: string }) {
  const locale = useLocale();
  const t = useTranslations('common.language');
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  const choose = (next: Locale) => {
    if (next === locale) return;
    document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=${LOCALE_COOKIE_MAX_AGE}; samesite=lax`;
    startTransition(() => router.refresh());
    void refreshSavedPage(window.location.pathname);
  };

  return (
    <div role="group" aria-label={t('label')} className={`lang-switch ${className}`} data-testid="language-switcher">
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          aria-pressed={l === locale}
          title={l === locale ? LOCALE_NAMES[l] : t('switchTo', { language: LOCALE_NAMES[l] })}
          disabled={pending}
          onClick={() => choose(l)}
        >
          {SHORT[l]}
        </button>
      ))}
    </div>
  );
}
