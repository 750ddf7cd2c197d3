'use client';

import { useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { api, ApiFailure } from '../../_components/api';
import type { JobRunView } from '@/lib/jobs/run-job.ts';

const MAX_ERRORS_SHOWN = 5;

/** The jobs with a "run now" button each, and their latest runs: counts, errors, how long. */
export function JobsPanel({ jobs, runs, onRan, onExpired }: { jobs: string[]; runs: JobRunView[]; onRan: () => void; onExpired: () => void }) {
  const t = useTranslations('admin.jobs');
  const locale = useLocale();
  const [running, setRunning] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const time = (iso: string) => new Date(iso).toLocaleString(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const jobName = (job: string) => (t.has(`names.${job}`) ? t(`names.${job}`) : job);

  const run = async (job: string) => {
    setRunning(job);
    setMessage(null);
    try {
      const { run } = await api<{ run: JobRunView }>(`/api/admin/jobs/${job}/run`, { method: 'POST' });
      setMessage({ kind: run.status === 'failed' ? 'error' : 'ok', text: t('finished', { job: jobName(job), status: t(`status.${run.status}`) }) });
      onRan();
    } catch (err) {
      if (err instanceof ApiFailure && err.status === 401) return onExpired();
      setMessage({ kind: 'error', text: err instanceof ApiFailure && err.status === 409 ? t('alreadyRunning', { job: jobName(job) }) : err instanceof ApiFailure && err.status === 0 ? t('network') : t('failed') });
    } finally {
      setRunning(null);
    }
  };

  return (
    <section className="card" aria-labelledby="jobs-heading">
      <h2 id="jobs-heading">{t('heading')}</h2>
      <div className="row wrap">
        {jobs.map((job) => (
          <button key={job} type="button" onClick={() => void run(job)} disabled={running !== null} data-testid={`run-${job}`}>
            {running === job ? t('running', { job: jobName(job) }) : t('runNow', { job: jobName(job) })}
          </button>
        ))}
      </div>
      {message && (
        <p className={message.kind === 'ok' ? 'notice-inline' : 'error'} role="status" data-testid="job-message">
          {message.text}
        </p>
      )}
      {runs.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="jobs-heading">
          <table className="admin-table" data-testid="job-runs">
            <thead>
              <tr>
                <th scope="col">{t('col.job')}</th>
                <th scope="col">{t('col.status')}</th>
                <th scope="col">{t('col.started')}</th>
                <th scope="col">{t('col.seconds')}</th>
                <th scope="col">{t('col.counts')}</th>
                <th scope="col">{t('col.errors')}</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id} data-testid="job-run" data-job={r.job} data-status={r.status}>
                  <td>
                    {jobName(r.job)}
                    <br />
                    <span className="muted">{t(`trigger.${r.trigger}`)}</span>
                  </td>
                  <td>
                    <span className={`pill run-${r.status}`}>{t(`status.${r.status}`)}</span>
                  </td>
                  <td>{time(r.startedAt)}</td>
                  <td>{r.finishedAt ? ((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000).toFixed(1) : '…'}</td>
                  <td className="counts">
                    {Object.entries(r.counts)
                      .map(([k, v]) => `${t.has(`counts.${k}`) ? t(`counts.${k}`) : k} ${v}`)
                      .join(' · ') || '—'}
                  </td>
                  <td>
                    {r.errors.length === 0 ? (
                      '—'
                    ) : (
                      <ul className="plain run-errors">
                        {r.errors.slice(0, MAX_ERRORS_SHOWN).map((e, i) => (
                          <li key={i}>
                            <code>{e.ref}</code> {e.reason}
                          </li>
                        ))}
                        {r.errors.length > MAX_ERRORS_SHOWN && <li className="muted">{t('moreErrors', { count: r.errors.length - MAX_ERRORS_SHOWN })}</li>}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
