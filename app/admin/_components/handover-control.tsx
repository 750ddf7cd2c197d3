'use client';

import { useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import type { AdminAgentRow } from '@/lib/admin/overview.ts';
import type { AdminAgentView } from '@/lib/admin/agent-fields.ts';
import { api, ApiFailure } from '../../_components/api';
import { ConfirmAction } from './confirm-action';

/**
 * "Move customers to…": asks each of this agent's customers to move to a chosen colleague, with their
 * consent (POST /api/admin/agents/{id}/handover, `{ toAgentId }` → `{ pending }`; the handover itself
 * lives with the lead's part of issue 28). Shows how many were asked, or the server's reason.
 */
export function HandoverControl({ agent, colleagues, onExpired }: { agent: AdminAgentView; colleagues: AdminAgentRow[]; onExpired: () => void }) {
  const t = useTranslations('adminAgents.handover');
  const tc = useTranslations('adminAgents');
  const zh = useLocale() === 'zh-CN';
  const [to, setTo] = useState('');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const choices = colleagues.filter((c) => c.active && c.id !== agent.id);
  const nameOf = (c: AdminAgentRow) => (zh ? c.nameZh : c.name);
  const target = choices.find((c) => c.id === to);

  const move = async () => {
    setMessage(null);
    try {
      const { pending } = await api<{ pending: number }>(`/api/admin/agents/${agent.id}/handover`, { method: 'POST', body: { toAgentId: to } });
      setMessage({ error: false, text: t('done', { count: pending }) });
    } catch (err) {
      const failure = err instanceof ApiFailure ? err : null;
      if (failure?.status === 401) return onExpired();
      setMessage({ error: true, text: t('failed', { status: failure?.status === 0 ? tc('errors.network') : (failure?.error.message ?? tc('errors.generic')) }) });
    }
  };

  return (
    <section className="stack" aria-labelledby={`handover-${agent.id}`} data-testid="handover">
      <h3 id={`handover-${agent.id}`}>{t('heading')}</h3>
      <p className="field-hint">{t('lead')}</p>
      {choices.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        <div className="row wrap">
          <label className="field grow">
            {t('colleague')}
            <select value={to} onChange={(e) => setTo(e.target.value)} data-testid="handover-to">
              <option value="">{t('choose')}</option>
              {choices.map((c) => (
                <option key={c.id} value={c.id}>
                  {nameOf(c)} · {c.email}
                </option>
              ))}
            </select>
          </label>
          <ConfirmAction
            testId="handover-move"
            disabled={!target}
            label={t('move')}
            question={t('confirm', { name: zh ? agent.nameZh : agent.name, agent: target ? nameOf(target) : '' })}
            yes={t('yes')}
            cancel={tc('cancel')}
            onConfirm={move}
          />
        </div>
      )}
      {message && (
        <p className={message.error ? 'error' : 'notice-inline'} role={message.error ? 'alert' : 'status'} data-testid="handover-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
