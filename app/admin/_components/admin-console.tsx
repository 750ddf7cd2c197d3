'use client';

import { useCallback, useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { api, ApiFailure } from '../../_components/api';
import { LanguageSwitcher } from '../../_components/language-switcher';
import type { AdminOverview } from '@/lib/admin/overview.ts';
import type { AdminView } from '@/lib/admin/admins.ts';
import { AgentsTable } from './agents-table';
import { JobsPanel } from './jobs-panel';

type Overview = AdminOverview & { admin: AdminView };

/** /admin: its own sign-in, then the agents and the scheduled jobs. */
export function AdminConsole() {
  const t = useTranslations('admin');
  const [overview, setOverview] = useState<Overview | null | undefined>(undefined); // undefined = loading
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setOverview(await api<Overview>('/api/admin/overview'));
      setError(null);
    } catch (err) {
      if (err instanceof ApiFailure && err.status === 401) setOverview(null);
      else setError(err instanceof ApiFailure && err.status === 0 ? t('errors.network') : t('errors.generic'));
    }
  }, [t]);

  useEffect(() => {
    void load();
  }, [load]);

  const signOut = async () => {
    await api('/api/admin/logout', { method: 'POST' }).catch(() => null);
    setOverview(null);
  };

  return (
    <main className="admin">
      <header className="row wrap">
        <h1 className="grow">{t('title')}</h1>
        <LanguageSwitcher />
        {overview && (
          <button type="button" onClick={() => void signOut()}>
            {t('signOut')}
          </button>
        )}
      </header>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {overview === undefined && !error && <p className="muted">{t('loading')}</p>}
      {overview === null && <AdminSignIn onSignedIn={() => void load()} />}
      {overview && (
        <>
          <p className="muted" data-testid="admin-who">
            {t('signedInAs', { name: overview.admin.name })}
          </p>
          <JobsPanel jobs={overview.jobs} runs={overview.runs} onRan={() => void load()} onExpired={() => setOverview(null)} />
          <AgentsTable agents={overview.agents} />
        </>
      )}
    </main>
  );
}

function AdminSignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const t = useTranslations('admin.signIn');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('/api/admin/login', { method: 'POST', body: { email, password } });
      onSignedIn();
    } catch (err) {
      const status = err instanceof ApiFailure ? err.status : -1;
      setError(status === 401 || status === 400 ? t('wrong') : status === 429 ? t('tooMany') : status === 0 ? t('network') : t('failed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card admin-sign-in" onSubmit={submit} aria-labelledby="admin-sign-in-heading">
      <h2 id="admin-sign-in-heading">{t('heading')}</h2>
      <p className="field-hint">{t('hint')}</p>
      <label>
        {t('email')}
        <input name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
      </label>
      <label>
        {t('password')}
        <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button className="primary" type="submit" disabled={busy}>
        {busy ? t('busy') : t('submit')}
      </button>
    </form>
  );
}
