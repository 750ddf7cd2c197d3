'use client';

import { useCallback, useEffect, useState } from 'react';
import { api, ApiFailure } from '../../_components/api';
import { useAgentConsole } from '../../../stores/agent/store';
import type { AgentStatus, ConsoleRequest, SignedInAgent } from '../../../stores/agent/types';
import { SignInForm } from './sign-in-form';
import { RequestCard } from './request-card';
import { CustomersPanel, HistoryDialog } from './customers-panel';
import { StatusControl } from './status-control';
import { UpcomingCalls } from './upcoming-calls';
import { useAlerting } from './use-alerting';
import { useAgentSocket } from './use-agent-socket';
import { useAgentT } from './use-agent-t';
import { LanguageSwitcher } from '../../_components/language-switcher';

export function AgentConsole() {
  const t = useAgentT();
  const agent = useAgentConsole((s) => s.agent);
  const expired = useAgentConsole((s) => s.expired);
  const connected = useAgentConsole((s) => s.connected);
  const order = useAgentConsole((s) => s.order);
  const requests = useAgentConsole((s) => s.requests);
  const customers = useAgentConsole((s) => s.customers);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [history, setHistory] = useState<ConsoleRequest['customer'] | null>(null);

  const alerting = useAlerting(t);
  const { emit } = useAgentSocket({ onFresh: alerting.announce, onWithdrawn: () => setNotice(t('requests.withdrawn')) });

  useEffect(() => {
    api<{ agent: SignedInAgent }>('/api/agent/me')
      .then(({ agent }) => useAgentConsole.getState().setAgent(agent))
      .catch(() => useAgentConsole.getState().setAgent(null));
  }, []);

  const act = useCallback(
    async (event: string, body: unknown, onOk?: (r: any) => void): Promise<boolean> => {
      setError(null);
      const result = await emit(event, body);
      if (result.ok) {
        onOk?.(result);
        return true;
      }
      setError(result.error.code === 'network' ? t('errors.network') : result.error.message || t('errors.generic'));
      return false;
    },
    [emit, t],
  );

  const signOut = async () => {
    await api('/api/agent/logout', { method: 'POST' }).catch(() => null);
    useAgentConsole.getState().clearRequests();
    useAgentConsole.getState().setAgent(null);
  };

  // Over HTTP, so the status can be set even while the live connection is still coming up.
  const setStatus = async (status: AgentStatus) => {
    setError(null);
    try {
      await api('/api/agent/status', { method: 'PUT', body: { status } });
      useAgentConsole.getState().setStatus(status);
    } catch (err) {
      if (err instanceof ApiFailure && err.status === 401) useAgentConsole.getState().setExpired(true);
      else setError(err instanceof ApiFailure && err.status === 0 ? t('errors.network') : t('errors.generic'));
    }
  };

  if (agent === undefined) {
    return (
      <main>
        <p className="muted">{t('requests.loading')}</p>
      </main>
    );
  }
  if (agent === null) {
    return (
      <main>
        <div className="row">
          <h1 className="grow">{t('title')}</h1>
          <LanguageSwitcher />
        </div>
        <SignInForm t={t} onSignedIn={(a) => useAgentConsole.getState().setAgent(a)} />
      </main>
    );
  }

  const open = order.map((id) => requests[id]!).filter((r) => r.status !== 'resolved');
  return (
    <main className="console">
      <header className="row wrap">
        <h1 className="grow">{agent.name}</h1>
        <StatusControl status={agent.status} onChange={setStatus} t={t} />
        <span className={`status status-${connected ? 'online' : 'offline'}`} data-testid="connection" role="status">
          {connected ? t('connection.live') : t('connection.connecting')}
        </span>
        {alerting.sound === 'locked' ? (
          <button onClick={alerting.unlock} data-testid="enable-sound">
            {t('sound.enable')}
          </button>
        ) : (
          <button onClick={() => alerting.setSound(alerting.sound === 'on' ? 'off' : 'on')} data-testid="sound" data-played={alerting.played} aria-pressed={alerting.sound === 'on'}>
            {alerting.sound === 'on' ? t('sound.on') : t('sound.off')}
          </button>
        )}
        {alerting.permission === 'default' && <button onClick={alerting.askPermission}>{t('notifications.enable')}</button>}
        <a href="/agent/settings" className="button-link" data-testid="agent-settings-link">
          {t('settings.link')}
        </a>
        <LanguageSwitcher />
        <button onClick={signOut}>{t('signOut')}</button>
      </header>
      {alerting.permission === 'denied' && <p className="muted">{t('notifications.denied')}</p>}
      {expired && (
        <div className="overlay">
          <SignInForm t={t} expired onSignedIn={(a) => useAgentConsole.getState().setAgent(a)} />
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p className="muted" role="status">
          {notice}
        </p>
      )}
      <div className="console-grid">
        <section aria-labelledby="requests-heading">
          <h2 id="requests-heading">{t('requests.heading')}</h2>
          {open.length === 0 ? (
            <p className="muted">{t('requests.empty')}</p>
          ) : (
            <ul className="plain" data-testid="alerts">
              {open.map((r) => (
                <RequestCard
                  key={r.id}
                  request={r}
                  t={t}
                  onAcknowledge={(id) => act('service-request:ack', { id }, () => useAgentConsole.getState().updateStatus(id, 'acknowledged'))}
                  onDecline={(id) => act('service-request:decline', { id }, () => useAgentConsole.getState().removeRequest(id))}
                  onResolve={(id) => act('service-request:resolve', { id }, () => useAgentConsole.getState().updateStatus(id, 'resolved'))}
                  onReply={(id, body) => act('service-request:reply', { id, body }, (res) => useAgentConsole.getState().addMessage(res.request))}
                  onHistory={setHistory}
                />
              ))}
            </ul>
          )}
        </section>
        <aside>
          {history && <HistoryDialog customer={history} t={t} onClose={() => setHistory(null)} />}
          <UpcomingCalls t={t} />
          <CustomersPanel customers={customers} t={t} />
        </aside>
      </div>
    </main>
  );
}
