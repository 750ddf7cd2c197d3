'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';

/** A one-time sign-in link for the admin to pass on: shown always (mail may be off), with a copy button. */
export function SignInLinkBox({ url, kind, name, email, mailed }: { url: string; kind: 'invite' | 'reset'; name: string; email: string; mailed: boolean }) {
  const t = useTranslations('adminAgents.link');
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      // No clipboard (an http page, a refusal): the text is selected for the admin to copy by hand.
      (document.getElementById('sign-in-url') as HTMLTextAreaElement | null)?.select();
    }
  };
  return (
    <section className="notice-box stack" aria-labelledby="sign-in-link-heading" data-testid="sign-in-link">
      <h3 id="sign-in-link-heading">{t('heading')}</h3>
      <p>{t(kind, { name })}</p>
      <label htmlFor="sign-in-url" className="visually-hidden">
        {t('label', { name })}
      </label>
      {/* A text area, so the whole link shows on a phone too (wrapped), not a field that cuts it off. */}
      <textarea id="sign-in-url" readOnly rows={3} value={url} data-testid="sign-in-url" onFocus={(e) => e.currentTarget.select()} />
      <div className="row wrap">
        <button type="button" onClick={() => void copy()}>
          {t('copy')}
        </button>
        <span role="status" className="ok">
          {copied ? t('copied') : ''}
        </span>
      </div>
      <p className="field-hint">{mailed ? t('mailed', { email }) : t('notMailed')}</p>
    </section>
  );
}
