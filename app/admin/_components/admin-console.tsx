'use client';

import { useCallback, useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { api, ApiFailure } from '../../_components/api';
import { LanguageSwitcher } from '../../_components/language-switcher';
import { SignInForm, type SignInTexts } from '../../_components/sign-in-form';
import type { AdminOverview } from '@/lib/admin/overview.ts';
import type { AdminView } from '@/lib/admin/admins.ts';
import { AgentManager } from './agent-manager';
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
  const refresh = useCallback(() => void load(), [load]);
  const expire = useCallback(() => setOverview(null), []);

  const signOut = async () => {
    await api('/api/admin/logout', { method: 'POST' }).catch(() => null);
    setOverview(null);
  };

  return (
    <main className="admin">
      <header className="row wrap">
        <h1 className="grow">{t('title')}</h1>
        {overview && (
          <a className="button-link" href="/admin/reports" data-testid="admin-reports-link">
            {t('reports')}
          </a>
        )}
        {overview && (
          <a className="button-link" href="/admin/integrations" data-testid="admin-integrations-link">
            {t('integrations')}
          </a>
        )}
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
          <AgentManager agents={overview.agents} onChanged={refresh} onExpired={expire} />
        </>
      )}
    </main>
  );
}

export function AdminSignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const t = useTranslations('admin.signIn');
  const texts = (['heading', 'email', 'password', 'submit', 'busy', 'wrong', 'tooMany', 'network', 'failed'] as const).reduce(
    (all, k) => ({ ...all, [k]: t(k) }),
    {} as SignInTexts,
  );
  return <SignInForm endpoint="/api/admin/login" onSignedIn={onSignedIn} texts={texts} headingLevel={2} headingId="admin-sign-in-heading" className="admin-sign-in" intro={<p className="field-hint">{t('hint')}</p>} />;
}
