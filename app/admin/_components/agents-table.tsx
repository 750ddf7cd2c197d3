'use client';

import { useLocale, useTranslations } from 'next-intl';
import type { AdminAgentRow } from '@/lib/admin/overview.ts';

/** Every agent: status, availability, capability with its parts, ratings, gifts, customers, open requests. */
export function AgentsTable({ agents, onEdit, editLabel }: { agents: AdminAgentRow[]; onEdit?: (id: string) => void; editLabel?: string }) {
  const t = useTranslations('admin.agents');
  const zh = useLocale() === 'zh-CN';
  return (
    <section className="card" aria-labelledby="agents-heading">
      <h2 id="agents-heading">{t('heading', { count: agents.length })}</h2>
      {agents.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="agents-heading">
          <table className="admin-table" data-testid="admin-agents">
            <thead>
              <tr>
                <th scope="col">{t('col.agent')}</th>
                <th scope="col">{t('col.status')}</th>
                <th scope="col">{t('col.capability')}</th>
                <th scope="col">{t('col.rating')}</th>
                <th scope="col">{t('col.gifts')}</th>
                <th scope="col">{t('col.customers')}</th>
                <th scope="col">{t('col.open')}</th>
              </tr>
            </thead>
            <tbody>
              {agents.map((a) => (
                <tr key={a.id} data-testid="admin-agent" data-email={a.email} className={a.active ? '' : 'inactive'}>
                  <th scope="row">
                    {zh ? a.nameZh : a.name}
                    <br />
                    <span className="muted">
                      {a.email}
                      {a.employeeId ? ` · ${a.employeeId}` : ''}
                    </span>
                    {onEdit && (
                      <>
                        <br />
                        <button type="button" className="quiet" onClick={() => onEdit(a.id)} aria-label={`${editLabel} ${zh ? a.nameZh : a.name}`} data-testid="edit-agent">
                          {editLabel}
                        </button>
                      </>
                    )}
                  </th>
                  <td>
                    {a.active ? <span className={`status status-${a.status}`}>{t(`status.${a.status}`)}</span> : <span className="pill">{t('inactive')}</span>}
                    <br />
                    <span className="muted">{a.available ? t('available') : t('unavailable')}</span>
                  </td>
                  <td>
                    <strong>{a.capability}</strong>
                    {a.parts && (
                      <span className="muted parts">
                        {a.parts.map((p) => `${t(`parts.${p.key}`)} ${p.points}/${p.max}`).join(' · ')}
                      </span>
                    )}
                  </td>
                  <td>{a.rating.average === null ? '—' : `★ ${a.rating.average.toFixed(1)} (${a.rating.count})`}</td>
                  <td>{t('giftsCell', { count: a.gifts.count, points: a.gifts.points })}</td>
                  <td>
                    {a.boundCustomers} / {a.capacity}
                  </td>
                  <td>
                    {a.openRequests} / {a.maxOpenRequests}
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
