'use client';

import { useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { api, ApiFailure } from '../../_components/api';

export function SignInForm() {
  const t = useTranslations('account.signIn');
  const [email, setEmail] = useState('');
  const [state, setState] = useState<'idle' | 'sending' | 'sent' | 'throttled' | 'failed'>('idle');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  // An address typed before the page was hydrated is in the field but not in React's state: the button would
  // stay disabled beside it (a slow phone; CI's e2e once). Take it once the form listens.
  useEffect(() => {
    const typed = input.current?.value;
    if (typed) setEmail(typed);
  }, []);

  const send = async (e: React.FormEvent) => {
    e.preventDefault();
    setState('sending');
    setFieldError(null);
    try {
      await api('/api/customers/sign-in-link', { method: 'POST', body: { email } });
      setState('sent');
    } catch (err) {
      if (err instanceof ApiFailure && err.status === 429) return setState('throttled');
      if (err instanceof ApiFailure && err.error.field === 'email') {
        setFieldError(err.error.message);
        return setState('idle');
      }
      setState('failed');
    }
  };

  return (
    <>
      <div className="row">
        <a href="/" className="button-link">
          ← {t('back')}
        </a>
      </div>
      <h1 className="screen-title">{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      {state === 'sent' ? (
        <p className="notice-inline" role="status" data-testid="sign-in-sent">
          {t('sent', { email })}
        </p>
      ) : (
        <form className="card" onSubmit={(e) => void send(e)} noValidate>
          <label className="field">
            <span>{t('email')}</span>
            <input ref={input} type="email" name="email" autoComplete="email" inputMode="email" required value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={fieldError ? true : undefined} aria-describedby={fieldError ? 'email-error' : undefined} data-testid="sign-in-email" />
            {fieldError && (
              <span className="field-error" id="email-error">
                {fieldError}
              </span>
            )}
          </label>
          {state === 'throttled' && (
            <p className="error" role="alert">
              {t('throttled')}
            </p>
          )}
          {state === 'failed' && (
            <p className="error" role="alert">
              {t('failed')}
            </p>
          )}
          <button type="submit" className="primary" disabled={state === 'sending' || !email.trim()} data-testid="sign-in-send">
            {state === 'sending' ? t('sending') : t('send')}
          </button>
        </form>
      )}
      <p className="muted">{t('shop')}</p>
    </>
  );
}
