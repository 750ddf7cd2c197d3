'use client';

import { useState } from 'react';
import type { AgentStatus, SignedInAgent } from '../../../stores/agent/types';
import { LanguageSwitcher } from '../../_components/language-switcher';
import { StatusControl } from './status-control';
import type { AgentT } from './use-agent-t';
import type { useAlerting } from './use-alerting';
import { useLocaleFormat } from './use-locale-format';

type Props = {
  agent: SignedInAgent;
  connected: boolean;
  alerting: ReturnType<typeof useAlerting>;
  t: AgentT;
  onStatus: (s: AgentStatus) => void;
  onSignOut: () => void;
};

/**
 * Who I am, whether I can be reached (status × connection), sound and notifications, language, sign out.
 * On a phone the header is one row — name, status, connection, "More" — and the rest opens below it.
 */
export function ConsoleHeader({ agent, connected, alerting, t, onStatus, onSignOut }: Props) {
  const f = useLocaleFormat();
  const [moreOpen, setMoreOpen] = useState(false);
  const initials = f.name(agent).slice(0, 1).toUpperCase();
  return (
    <header className="console-header">
      <div className="console-me">
        <span className="avatar avatar-small" aria-hidden="true">
          {initials}
        </span>
        <div className="console-me-text">
          <h1 className="console-name" data-testid="me">
            {f.name(agent)}
          </h1>
          <span className="muted console-product">{t('title')}</span>
        </div>
      </div>
      <div className="console-controls" role="group" aria-label={t('header.availability')}>
        <StatusControl status={agent.status} onChange={onStatus} t={t} />
        <span className={`status status-${connected ? 'online' : 'offline'}`} data-testid="connection" role="status">
          <span className="status-dot" aria-hidden="true" />
          <span className="connection-text">{connected ? t('connection.live') : t('connection.connecting')}</span>
        </span>
        {/* Phones: the rest of the header folds behind this, so the header stays one row. */}
        <button
          type="button"
          className="quiet console-more-toggle"
          aria-expanded={moreOpen}
          aria-controls="console-more"
          onClick={() => setMoreOpen((o) => !o)}
          data-testid="console-more-toggle"
        >
          {t('header.more')}
        </button>
      </div>
      <div id="console-more" className="console-more" role="group" aria-label={t('header.tools')} data-open={moreOpen}>
        {alerting.sound === 'locked' ? (
          <button className="quiet" onClick={alerting.unlock} data-testid="enable-sound">
            {t('sound.enable')}
          </button>
        ) : (
          <button
            className="quiet"
            onClick={() => alerting.setSound(alerting.sound === 'on' ? 'off' : 'on')}
            data-testid="sound"
            data-played={alerting.played}
            aria-pressed={alerting.sound === 'on'}
          >
            {alerting.sound === 'on' ? t('sound.on') : t('sound.off')}
          </button>
        )}
        {alerting.permission === 'default' && (
          <button className="quiet wide-only" onClick={alerting.askPermission}>
            {t('notifications.enable')}
          </button>
        )}
        {alerting.permission === 'denied' && <span className="muted small">{t('notifications.denied')}</span>}
        <a href="/agent/settings" className="button-link quiet" data-testid="agent-settings-link">
          {t('settings.link')}
        </a>
        <LanguageSwitcher />
        <button className="quiet" onClick={onSignOut}>
          {t('signOut')}
        </button>
      </div>
    </header>
  );
}
