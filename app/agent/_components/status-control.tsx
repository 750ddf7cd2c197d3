'use client';

import type { AgentStatus } from '../../../stores/agent/types';
import type { AgentT } from './use-agent-t';

const STATUSES: AgentStatus[] = ['online', 'away', 'offline'];

export function StatusControl({ status, onChange, t }: { status: AgentStatus; onChange: (s: AgentStatus) => void; t: AgentT }) {
  return (
    <label className="status-control">
      <span className="visually-hidden">{t('status.label')}</span>
      <select value={status} onChange={(e) => onChange(e.target.value as AgentStatus)} data-testid="my-status" aria-label={t('status.label')}>
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`status.${s}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
