'use client';

import { useCallback, useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { api, ApiFailure } from '../../../_components/api';
import { AdminSignIn } from '../../_components/admin-console';
import { WebhooksPanel } from './webhooks-panel';
import { ApiTokensPanel } from './api-tokens-panel';
import { AdminSubpageHeader } from '../../_components/admin-subpage-header';

type Gate = 'checking' | 'signedOut' | 'ready' | 'offline';

/**
 * /admin/integrations: what plugs the shop's own systems in — webhook endpoints with their delivery log,
 * and the API tokens its servers read /api/v1 with.
 * The admin's session is checked first (nothing of the panels shows to someone signed out); a panel that
 * meets a 401 later (the session ended) brings the sign-in back.
 */
export function IntegrationsConsole() {
  const t = useTranslations('adminIntegrations');
  const [gate, setGate] = useState<Gate>('checking');
  const [generation, setGeneration] = useState(0);
  const expired = useCallback(() => setGate('signedOut'), []);

  const check = useCallback(async () => {
    try {
      await api('/api/admin/webhooks');
      setGate('ready');
    } catch (err) {
      setGate(err instanceof ApiFailure && err.status === 401 ? 'signedOut' : 'offline');
    }
  }, []);
  useEffect(() => {
    void check();
  }, [check]);

  return (
    <main className="admin integrations">
      <AdminSubpageHeader title={t('title')} back={t('back')} />
      {gate === 'checking' && <p className="muted">{t('webhooks.loading')}</p>}
      {gate === 'offline' && (
        <p className="error" role="alert">
          {t('webhooks.errors.network')}
        </p>
      )}
      {gate === 'signedOut' && (
        <AdminSignIn
          onSignedIn={() => {
            setGate('ready');
            setGeneration((g) => g + 1);
          }}
        />
      )}
      {gate === 'ready' && (
        <div className="integrations-panels" key={generation}>
          <WebhooksPanel onExpired={expired} />
          <ApiTokensPanel onExpired={expired} />
        </div>
      )}
    </main>
  );
}
