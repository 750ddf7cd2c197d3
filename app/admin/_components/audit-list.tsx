'use client';

import { useLocale, useTranslations } from 'next-intl';
import type { AuditEntryView } from '@/lib/admin/audit-log.ts';

/** Audit entries as a list a person reads: when, who, what, and each field before → after. */
export function AuditList({ entries, showAgent, testId }: { entries: AuditEntryView[]; showAgent?: boolean; testId: string }) {
  const t = useTranslations('adminAgents');
  const locale = useLocale();
  const when = (iso: string) => new Date(iso).toLocaleString(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const label = (field: string) => (t.has(`fields.${field}`) ? t(`fields.${field}`) : field);
  const value = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    if (Array.isArray(v)) return v.length ? v.join(', ') : '—';
    if (typeof v === 'object') {
      const h = v as { days?: number[]; start?: string; end?: string };
      if (h.days && h.start) return `${h.days.map((d) => t(`fields.day${d}`)).join(' ')} ${h.start}–${h.end}`;
      return JSON.stringify(v);
    }
    const s = String(v);
    return t.has(`audit.value.${s}`) ? t(`audit.value.${s}`) : s;
  };
  if (!entries.length) return <p className="muted">{t('audit.none')}</p>;
  return (
    <ol className="plain audit-list" data-testid={testId}>
      {entries.map((e) => (
        <li key={e.id} className="audit-entry" data-testid="audit-entry" data-action={e.action}>
          <p>
            <strong>{t.has(`audit.action.${e.action}`) ? t(`audit.action.${e.action}`) : e.action}</strong>
            {showAgent && e.targetName ? ` · ${e.targetName}` : ''}
            <span className="muted">
              {' '}
              · <time dateTime={e.at}>{when(e.at)}</time> · {t('audit.by', { name: e.actor })}
            </span>
          </p>
          {Object.keys(e.changes).length > 0 && (
            <ul className="plain audit-changes">
              {Object.entries(e.changes).map(([field, [before, after]]) => (
                <li key={field}>
                  <span className="muted">{label(field)}:</span> {value(before)} → {value(after)}
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}
