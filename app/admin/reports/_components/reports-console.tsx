'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { api, ApiFailure } from '../../../_components/api';
import { AdminSignIn } from '../../_components/admin-console';
import type { AdminOverview } from '@/lib/admin/overview.ts';
import type { Report } from '@/lib/admin/reports.ts';
import { MAX_REPORT_DAYS } from '@/lib/admin/report-query.ts';
import { dateInput, periodOf, reportUrl, type Period, type PeriodChoice, type PeriodKind } from './period';
import { ReportView } from './report-view';
import { AdminSubpageHeader } from '../../_components/admin-subpage-header';

type AgentOption = { id: string; name: string; nameZh: string };
type State = { kind: 'loading' } | { kind: 'signedOut' } | { kind: 'error'; message: string } | { kind: 'ready'; report: Report; period: Period; agentId: string };

const KINDS: PeriodKind[] = ['today', 'days7', 'days30', 'custom'];

/** /admin/reports: the admin's own sign-in, a period and an agent to choose, then the report. */
export function ReportsConsole() {
  const t = useTranslations('adminReports');
  const zh = useLocale() === 'zh-CN';
  const [choice, setChoice] = useState<PeriodChoice>(() => {
    const now = new Date();
    return { kind: 'days7', from: dateInput(new Date(now.getTime() - 6 * 86_400_000)), to: dateInput(now) };
  });
  const [agentId, setAgentId] = useState('');
  const [agents, setAgents] = useState<AgentOption[]>([]);
  const [state, setState] = useState<State>({ kind: 'loading' });

  const load = useCallback(
    async (c: PeriodChoice, agent: string) => {
      const period = periodOf(c, new Date());
      if ('error' in period) {
        setState({ kind: 'error', message: t(`errors.${period.error}`, { days: MAX_REPORT_DAYS }) });
        return;
      }
      setState({ kind: 'loading' });
      try {
        const report = await api<Report>(reportUrl(period, agent));
        setState({ kind: 'ready', report, period, agentId: agent });
      } catch (err) {
        if (err instanceof ApiFailure && err.status === 401) setState({ kind: 'signedOut' });
        else setState({ kind: 'error', message: err instanceof ApiFailure && err.status === 0 ? t('errors.network') : t('errors.generic') });
      }
    },
    [t],
  );

  const loadAgents = useCallback(async () => {
    const overview = await api<AdminOverview>('/api/admin/overview').catch(() => null);
    if (overview) setAgents(overview.agents.map((a) => ({ id: a.id, name: a.name, nameZh: a.nameZh })));
  }, []);

  // On arrival, the default period for all agents; later loads follow the form.
  const initial = useRef(choice);
  useEffect(() => {
    void load(initial.current, '');
    void loadAgents();
  }, [load, loadAgents]);

  const signedIn = () => {
    void load(choice, agentId);
    void loadAgents();
  };

  return (
    <main className="admin reports">
      <AdminSubpageHeader title={t('title')} back={t('back')} />
      {state.kind === 'signedOut' ? (
        <AdminSignIn onSignedIn={signedIn} />
      ) : (
        <>
          <form
            className="card report-filters"
            aria-labelledby="report-filters-heading"
            onSubmit={(e) => {
              e.preventDefault();
              void load(choice, agentId);
            }}
          >
            <h2 id="report-filters-heading">{t('filters.heading')}</h2>
            <fieldset className="report-periods">
              <legend>{t('filters.period')}</legend>
              {KINDS.map((k) => (
                <label key={k} className="report-period">
                  <input
                    type="radio"
                    name="period"
                    value={k}
                    checked={choice.kind === k}
                    onChange={() => {
                      const next = { ...choice, kind: k };
                      setChoice(next);
                      if (k !== 'custom') void load(next, agentId);
                    }}
                  />
                  {t(`filters.${k}`)}
                </label>
              ))}
            </fieldset>
            {choice.kind === 'custom' && (
              <div className="row wrap report-dates">
                <label>
                  {t('filters.from')}
                  <input type="date" value={choice.from} onChange={(e) => setChoice({ ...choice, from: e.target.value })} data-testid="report-from" />
                </label>
                <label>
                  {t('filters.to')}
                  <input type="date" value={choice.to} onChange={(e) => setChoice({ ...choice, to: e.target.value })} data-testid="report-to" />
                </label>
              </div>
            )}
            <div className="row wrap report-agent">
              <label>
                {t('filters.agent')}
                <select
                  value={agentId}
                  onChange={(e) => {
                    setAgentId(e.target.value);
                    if (choice.kind !== 'custom') void load(choice, e.target.value);
                  }}
                  data-testid="report-agent"
                >
                  <option value="">{t('filters.allAgents')}</option>
                  {agents.map((a) => (
                    <option key={a.id} value={a.id}>
                      {zh ? a.nameZh : a.name}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" data-testid="report-apply">
                {t('filters.apply')}
              </button>
            </div>
          </form>
          {state.kind === 'loading' && (
            <p className="muted" role="status">
              {t('loading')}
            </p>
          )}
          {state.kind === 'error' && (
            <p className="error" role="alert" data-testid="report-error">
              {state.message}
            </p>
          )}
          {state.kind === 'ready' && <ReportView report={state.report} period={state.period} agentId={state.agentId} />}
        </>
      )}
    </main>
  );
}
