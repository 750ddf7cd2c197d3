'use client';

import { useTranslations } from 'next-intl';
import { LanguageSwitcher } from './language-switcher';

export function AppHeader() {
  const t = useTranslations('common');
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <div className="brand">
        <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
          <rect width="32" height="32" rx="8" fill="#4f46e5" />
          <circle cx="16" cy="12" r="5" fill="#fff" />
          <path d="M7 26c1.5-5 5-7.5 9-7.5s7.5 2.5 9 7.5" fill="#fff" />
        </svg>
        <span>{t('appName')}</span>
      </div>
      <LanguageSwitcher />
    </header>
  );
}
