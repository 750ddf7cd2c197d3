'use client';

import { useCallback, useState } from 'react';
import { useTranslations } from 'next-intl';
import { LanguageSwitcher } from '../../../_components/language-switcher';
import { AdminSignIn } from '../../_components/admin-console';
import { WebhooksPanel } from './webhooks-panel';
import { ApiTokensPanel } from './api-tokens-panel';

/**
 * /admin/integrations: what plugs the shop's own systems in — webhook endpoints with their delivery log,
 * and the API tokens its servers read /api/v1 with.
 * Every panel reports a 401 (the admin's session ended) here, and the page asks to sign in again.
 */
export function IntegrationsConsole() {
  const t = useTranslations('adminIntegrations');
  const [signedOut, setSignedOut] = useState(false);
  const [generation, setGeneration] = useState(0);
  const expired = useCallback(() => setSignedOut(true), []);

  return (
    <main className="admin integrations">
      <header className="row wrap">
        <h1 className="grow">{t('title')}</h1>
        <a className="button-link" href="/admin">
          {t('back')}
        </a>
        <LanguageSwitcher />
      </header>
      {signedOut ? (
        <AdminSignIn
          onSignedIn={() => {
            setSignedOut(false);
            setGeneration((g) => g + 1);
          }}
        />
      ) : (
        <div className="integrations-panels" key={generation}>
          <WebhooksPanel onExpired={expired} />
          <ApiTokensPanel onExpired={expired} />
        </div>
      )}
    </main>
  );
}
