'use client';

import { useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import type { AdminAgentView } from '@/lib/admin/agent-fields.ts';
import { api, ApiFailure } from '../../_components/api';
import { ConfirmAction } from './confirm-action';
import { SignInLinkBox } from './sign-in-link-box';

type Link = { signInUrl: string; mailed: boolean };

/** Deactivate / reactivate, sign out everywhere, reset the password: each asks first, each answers in words. */
export function AgentAccountActions({ agent, onChanged, onExpired }: { agent: AdminAgentView; onChanged: (agent?: AdminAgentView) => void; onExpired: () => void }) {
  const t = useTranslations('adminAgents');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [link, setLink] = useState<Link | null>(null);
  const activeOwned = agent.rosterOwned.includes('active');

  const run = async <T,>(path: string, method: string, done: (answer: T) => string) => {
    setMessage(null);
    try {
      const answer = await api<T>(`/api/admin/agents/${agent.id}/${path}`, { method });
      setMessage({ error: false, text: done(answer) });
      onChanged((answer as { agent?: AdminAgentView }).agent);
    } catch (err) {
      const failure = err instanceof ApiFailure ? err : null;
      if (failure?.status === 401) return onExpired();
      setMessage({ error: true, text: failure?.error.code === 'roster_owned' ? t('actions.rosterActive') : failure?.status === 0 ? t('errors.network') : t('errors.generic') });
    }
  };
  const name = useLocale() === 'zh-CN' ? agent.nameZh : agent.name;

  return (
    <section className="stack" aria-labelledby={`account-${agent.id}`}>
      <h3 id={`account-${agent.id}`}>{t('actions.heading')}</h3>
      <p className="row wrap">
        <span className={`pill ${agent.active ? 'pill-acknowledged' : 'pill-pending'}`} data-testid="agent-active">
          {agent.active ? t('active') : t('inactive')}
        </span>
        {!agent.hasPassword && <span className="pill pill-queued">{t('noPassword')}</span>}
      </p>
      {activeOwned && <p className="field-hint">{t('roster.activeOwned')}</p>}
      <div className="row wrap">
        {agent.active ? (
          <ConfirmAction
            testId="deactivate"
            danger
            disabled={activeOwned}
            label={t('actions.deactivate')}
            question={t('actions.deactivateConfirm', { name })}
            yes={t('actions.deactivateYes')}
            cancel={t('cancel')}
            onConfirm={() => run('deactivate', 'POST', () => t('actions.deactivated', { name }))}
          />
        ) : (
          <button type="button" disabled={activeOwned} data-testid="reactivate" onClick={() => void run('reactivate', 'POST', () => t('actions.reactivated', { name }))}>
            {t('actions.reactivate')}
          </button>
        )}
        <ConfirmAction
          testId="end-sessions"
          label={t('actions.endSessions')}
          question={t('actions.endSessionsConfirm', { name })}
          yes={t('actions.endSessionsYes')}
          cancel={t('cancel')}
          onConfirm={() => run<{ ended: number }>('sessions', 'DELETE', ({ ended }) => t('actions.sessionsEnded', { count: ended }))}
        />
        {agent.active && (
          <ConfirmAction
            testId="reset-password"
            label={t('actions.resetPassword')}
            question={t('actions.resetConfirm', { name })}
            yes={t('actions.resetYes')}
            cancel={t('cancel')}
            onConfirm={() =>
              run<Link>('password-reset', 'POST', (answer) => {
                setLink(answer);
                return t('saved');
              })
            }
          />
        )}
      </div>
      {message && (
        <p className={message.error ? 'error' : 'notice-inline'} role={message.error ? 'alert' : 'status'} data-testid="account-message">
          {message.text}
        </p>
      )}
      {link && <SignInLinkBox url={link.signInUrl} kind="reset" name={name} email={agent.email} mailed={link.mailed} />}
    </section>
  );
}
