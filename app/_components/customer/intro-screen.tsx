'use client';

import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { ScreenHeading } from './screen-heading';
import { FIND_BUTTON_ID } from './shake-help';
import { useCustomer } from './store-provider';

/** First visit (and anyone without an agent): what this is, and the one thing to do. */
export function IntroScreen({ onFind, busy, gestureMessage, shakeHelp }: { onFind: () => void; busy: boolean; gestureMessage: string | null; shakeHelp?: ReactNode }) {
  const t = useTranslations('customer.intro');
  const tAccount = useTranslations('account');
  const leftAgentName = useCustomer((s) => s.leftAgentName);
  return (
    <section className="screen intro" aria-labelledby="intro-title">
      <div className="hero" aria-hidden="true">
        <svg viewBox="0 0 120 120" width="112" height="112" className="hero-phone">
          <circle cx="60" cy="60" r="56" fill="#eef0fb" />
          <rect x="40" y="22" width="40" height="76" rx="8" fill="#4f46e5" />
          <rect x="45" y="30" width="30" height="56" rx="3" fill="#fff" />
          <circle cx="60" cy="50" r="8" fill="#c7d2fe" />
          <rect x="50" y="62" width="20" height="4" rx="2" fill="#c7d2fe" />
          <rect x="53" y="70" width="14" height="4" rx="2" fill="#e0e7ff" />
          <path d="M28 44c-5 5-5 27 0 32M20 38c-9 9-9 35 0 44M92 44c5 5 5 27 0 32M100 38c9 9 9 35 0 44" stroke="#818cf8" strokeWidth="4" fill="none" strokeLinecap="round" />
        </svg>
      </div>
      <ScreenHeading id="intro-title">{t('title')}</ScreenHeading>
      <p className="lead">{t('lead')}</p>
      {leftAgentName !== null && (
        <p className="inline-alert" role="status" data-testid="agent-left">
          {t('agentLeft', { name: leftAgentName })}
        </p>
      )}
      <ol className="steps">
        <li>{t('step1')}</li>
        <li>{t('step2')}</li>
        <li>{t('step3')}</li>
      </ol>
      <button type="button" id={FIND_BUTTON_ID} className="primary big" onClick={onFind} disabled={busy} data-testid="find">
        {t('find')}
      </button>
      <p className="hint">{gestureMessage ?? t('shakeHint')}</p>
      {shakeHelp}
      <p className="center">
        <a href="/sign-in" className="button-link" data-testid="sign-in-entry">
          {tAccount('signIn.entry')}
        </a>
      </p>
    </section>
  );
}
