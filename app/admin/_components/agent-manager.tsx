'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import type { AdminAgentRow } from '@/lib/admin/overview.ts';
import type { AdminAgentView } from '@/lib/admin/agent-fields.ts';
import type { AdminAgentDetail } from '@/lib/admin/agent-detail.ts';
import type { AuditEntryView } from '@/lib/admin/audit-log.ts';
import { api, ApiFailure } from '../../_components/api';
import { AgentsTable } from './agents-table';
import { AgentForm } from './agent-form';
import { AgentAccountActions } from './agent-account-actions';
import { HandoverControl } from './handover-control';
import { AuditList } from './audit-list';
import { SignInLinkBox } from './sign-in-link-box';

type Created = { agent: AdminAgentView; signInUrl: string; mailed: boolean };

/** Issue 28: add an agent, edit one picked from the table, and the latest changes of everyone. */
export function AgentManager({ agents, onChanged, onExpired }: { agents: AdminAgentRow[]; onChanged: () => void; onExpired: () => void }) {
  const t = useTranslations('adminAgents');
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [recent, setRecent] = useState<AuditEntryView[] | null>(null);
  const [version, setVersion] = useState(0);
  const editorRef = useRef<HTMLElement>(null);

  useEffect(() => {
    api<{ entries: AuditEntryView[] }>('/api/admin/audit')
      .then(({ entries }) => setRecent(entries))
      .catch((err) => (err instanceof ApiFailure && err.status === 401 ? onExpired() : setRecent([])));
  }, [version, onExpired]);

  const changed = useCallback(() => {
    setVersion((v) => v + 1);
    onChanged();
  }, [onChanged]);

  const edit = (id: string) => {
    setEditing(id);
    setAdding(false);
    requestAnimationFrame(() => editorRef.current?.focus());
  };

  return (
    <>
      <section className="card" aria-labelledby="manage-heading" data-testid="agent-manager">
        <div className="row wrap">
          <h2 id="manage-heading" className="grow">
            {t('heading')}
          </h2>
          <button type="button" className={adding ? '' : 'primary'} aria-expanded={adding} onClick={() => (setAdding(!adding), setCreated(null))} data-testid="add-agent">
            {adding ? t('close') : t('add')}
          </button>
        </div>
        <p className="field-hint">{t('lead')}</p>
        {created && (
          <>
            <p className="notice-inline" role="status">
              {t('created', { name: created.agent.name })}
            </p>
            <SignInLinkBox url={created.signInUrl} kind="invite" name={created.agent.name} email={created.agent.email} mailed={created.mailed} />
          </>
        )}
        {adding && (
          <AgentForm
            agent={null}
            onExpired={onExpired}
            onSaved={(saved) => {
              setCreated(saved as Created);
              setAdding(false);
              changed();
            }}
          />
        )}
      </section>
      {editing && <AgentEditor key={editing} ref={editorRef} agentId={editing} agents={agents} version={version} onClose={() => setEditing(null)} onChanged={changed} onExpired={onExpired} />}
      <AgentsTable agents={agents} onEdit={edit} editLabel={t('edit')} />
      <section className="card" aria-labelledby="recent-heading">
        <h2 id="recent-heading">{t('audit.recentHeading')}</h2>
        {recent === null ? <p className="muted">{t('loading')}</p> : <AuditList entries={recent} showAgent testId="recent-audit" />}
      </section>
    </>
  );
}

type EditorProps = { agentId: string; agents: AdminAgentRow[]; version: number; onClose: () => void; onChanged: () => void; onExpired: () => void; ref: React.Ref<HTMLElement> };

/** One agent: the form, the account actions, moving their customers, and their own audit log. */
function AgentEditor({ agentId, agents, version, onClose, onChanged, onExpired, ref }: EditorProps) {
  const t = useTranslations('adminAgents');
  const zh = useLocale() === 'zh-CN';
  const [detail, setDetail] = useState<AdminAgentDetail | null | 'failed'>(null);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    api<AdminAgentDetail>(`/api/admin/agents/${agentId}`)
      .then(setDetail)
      .catch((err) => (err instanceof ApiFailure && err.status === 401 ? onExpired() : setDetail('failed')));
  }, [agentId, version, onExpired]);

  const agent = detail && detail !== 'failed' ? detail.agent : null;
  return (
    <section className="card agent-editor" aria-labelledby="editor-heading" tabIndex={-1} ref={ref} data-testid="agent-editor">
      <div className="row wrap">
        <h2 id="editor-heading" className="grow">
          {agent ? t('editing', { name: zh ? agent.nameZh : agent.name }) : t('edit')}
        </h2>
        <button type="button" onClick={onClose}>
          {t('close')}
        </button>
      </div>
      {detail === null && <p className="muted">{t('loading')}</p>}
      {detail === 'failed' && (
        <p className="error" role="alert">
          {t('errors.generic')}
        </p>
      )}
      {agent && detail !== 'failed' && detail && (
        <>
          <p className="muted">
            {agent.email}
            {agent.employeeId ? ` · ${agent.employeeId}` : ''}
          </p>
          <AgentForm
            key={JSON.stringify(agent)}
            agent={agent}
            onExpired={onExpired}
            onSaved={(_s, didChange) => {
              setSaved(didChange ? t('saved') : t('nothingChanged'));
              if (didChange) onChanged();
            }}
          />
          {saved && (
            <p className="notice-inline" role="status" data-testid="saved-message">
              {saved}
            </p>
          )}
          <AgentAccountActions agent={agent} onChanged={onChanged} onExpired={onExpired} />
          {agent.active && <HandoverControl agent={agent} colleagues={agents} onExpired={onExpired} />}
          <section className="stack" aria-labelledby="agent-audit-heading">
            <h3 id="agent-audit-heading">{t('audit.heading')}</h3>
            <AuditList entries={detail.audit} testId="agent-audit" />
          </section>
        </>
      )}
    </section>
  );
}
