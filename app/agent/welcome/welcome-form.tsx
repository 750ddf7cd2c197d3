'use client';

import { useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { api, ApiFailure } from '../../_components/api';
import { LanguageSwitcher } from '../../_components/language-switcher';

const MIN_PASSWORD = 10;

/**
 * The one-time link's page: the code is taken from the address and removed from it (and from the
 * history) at once, so it is not left in a screenshot or a shared tab; the password is set, and the
 * agent lands in the console signed in (the answer sets the same cookie as the sign-in).
 */
export function WelcomeForm() {
  const t = useTranslations('adminAgents.welcome');
  const [code, setCode] = useState<string | null | undefined>(undefined); // undefined = not read yet
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [fieldError, setFieldError] = useState<{ field: 'password' | 'confirm'; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const url = new URL(window.location.href);
    const found = url.searchParams.get('code');
    setCode(found || null);
    if (found) {
      url.searchParams.delete('code');
      window.history.replaceState(null, '', url.pathname + url.search);
    }
  }, []);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    setFieldError(null);
    if (password.length < MIN_PASSWORD) return setFieldError({ field: 'password', text: t('tooShort') });
    if (password !== confirm) return setFieldError({ field: 'confirm', text: t('mismatch') });
    setBusy(true);
    try {
      await api('/api/agent/sign-in-link', { method: 'POST', body: { code, password } });
      window.location.assign('/agent');
    } catch (err) {
      const failure = err instanceof ApiFailure ? err : null;
      if (failure?.error.field === 'password') setFieldError({ field: 'password', text: t('tooShort') });
      else setError(failure?.error.code === 'invalid_code' ? t('invalid') : failure?.status === 429 ? t('tooMany') : failure?.status === 0 ? t('network') : t('failed'));
      setBusy(false);
    }
  };

  /** A new-password field with its hint and its own error, said when it appears. */
  const passwordField = (key: 'password' | 'confirm', value: string, onChange: (v: string) => void, hint?: string) => {
    const error = fieldError?.field === key ? fieldError.text : '';
    return (
      <div className="field">
        <label htmlFor={`welcome-${key}`}>{t(key)}</label>
        <input
          id={`welcome-${key}`}
          type="password"
          autoComplete="new-password"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={Boolean(error)}
          aria-describedby={[hint && `welcome-${key}-hint`, `welcome-${key}-error`].filter(Boolean).join(' ')}
          required
        />
        {hint && (
          <span id={`welcome-${key}-hint`} className="field-hint">
            {hint}
          </span>
        )}
        <span id={`welcome-${key}-error`} className="field-error" role={error ? 'alert' : undefined}>
          {error}
        </span>
      </div>
    );
  };

  return (
    <main className="sign-in-page">
      <div className="sign-in-top">
        <LanguageSwitcher />
      </div>
      <form className="card sign-in-card" onSubmit={submit} aria-labelledby="welcome-heading" noValidate data-testid="welcome-form">
        <h1 id="welcome-heading">{t('title')}</h1>
        {code === null ? (
          <>
            <p className="error" role="alert">
              {t('noCode')}
            </p>
            <a className="button" href="/agent">
              {t('signIn')}
            </a>
          </>
        ) : (
          <>
            <p className="muted">{t('lead')}</p>
            {passwordField('password', password, setPassword, t('passwordHint'))}
            {passwordField('confirm', confirm, setConfirm)}
            {error && (
              <p className="error" role="alert" data-testid="welcome-error">
                {error}
              </p>
            )}
            <button className="primary" type="submit" disabled={busy || code === undefined}>
              {busy ? t('busy') : t('submit')}
            </button>
          </>
        )}
      </form>
    </main>
  );
}
