'use client';

import type { ReactNode } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import type { Report } from '@/lib/admin/reports.ts';
import type { ReportSection } from '@/lib/admin/report-query.ts';
import { ChartCard } from './chart-card';
import { reportUrl, type Period } from './period';

/** A duration in words a person reads at a glance: seconds, minutes, or hours and minutes. */
const useDuration = () => {
  const t = useTranslations('adminReports');
  return (ms: number | null) => {
    if (ms === null) return t('summary.none');
    const s = Math.round(ms / 1000);
    if (s < 90) return t('duration.s', { n: s });
    const min = Math.round(s / 60);
    if (min < 90) return t('duration.min', { n: min });
    return t('duration.h', { h: Math.floor(min / 60), m: min % 60 });
  };
};

/** The figures of one report: a summary, the charts (each with its table and CSV), and the tables of binding health. */
export function ReportView({ report, period, agentId }: { report: Report; period: Period; agentId: string }) {
  const t = useTranslations('adminReports');
  const locale = useLocale();
  const zh = locale === 'zh-CN';
  const duration = useDuration();
  const pct = (v: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(v);
  const csv = (section?: ReportSection) => reportUrl(period, agentId, { format: 'csv', ...(section ? { section } : {}) });
  const day = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' });
  const h = report.bindingHealth;
  const total = report.volume.reduce((a, v) => a + v.count, 0);
  const name = (a: { name: string; nameZh: string }) => (zh ? a.nameZh : a.name);

  const volume = report.volume.map((v) => ({ day: day.format(new Date(v.at)), count: v.count }));
  const busiestHour = report.volumeByHour.reduce((a, b) => (b.count > a.count ? b : a), report.volumeByHour[0]!);
  const open = Math.max(0, 1 - h.answeredByOwnAgent - h.coveredShare);
  const answered = [
    { who: t('bindingHealth.own'), share: h.answeredByOwnAgent },
    { who: t('bindingHealth.covered'), share: h.coveredShare },
    { who: t('bindingHealth.open'), share: open },
  ];

  const both = (p: { p50: number | null; p90: number | null }) => `${duration(p.p50)} / ${duration(p.p90)}`;
  const stats: [string, string, ReactNode, string?][] = [
    ['requests', t('summary.requests'), total, 'report-requests'],
    ['first', t('summary.firstAnswer'), both({ p50: report.firstAnswer.p50Ms, p90: report.firstAnswer.p90Ms })],
    ['resolution', t('summary.resolution'), both({ p50: report.resolution.p50Ms, p90: report.resolution.p90Ms })],
    ['rating', t('summary.rating'), report.ratings.average === null ? t('summary.noRatings') : t('summary.ratingValue', { average: report.ratings.average, count: report.ratings.count })],
    ['gifts', t('summary.gifts'), t('summary.giftsValue', { count: report.gifts.count, points: report.gifts.points })],
    ['own', t('summary.ownAgent'), pct(h.answeredByOwnAgent), 'report-own'],
    ['covered', t('summary.covered'), pct(h.coveredShare)],
    [
      'held',
      t('summary.held'),
      <>
        {both(h.heldMs)}
        <span className="muted report-sub">{t('summary.heldShare', { share: pct(h.heldShare) })}</span>
      </>,
    ],
  ];

  return (
    <>
      <section className="card" aria-labelledby="report-summary-heading" data-testid="report-summary">
        <h2 id="report-summary-heading">{t('summary.heading')}</h2>
        <dl className="report-stats">
          {stats.map(([key, label, value, testId]) => (
            <div key={key}>
              <dt>{label}</dt>
              <dd data-testid={testId}>{value}</dd>
            </div>
          ))}
        </dl>
        <a className="button-link" href={csv()} download data-testid="report-csv-all">
          {t('chart.csv')}
        </a>
      </section>

      {total === 0 && (
        <p className="muted" role="status" data-testid="report-empty">
          {t('empty')}
        </p>
      )}

      <div className="report-grid">
        <ChartCard
          testId="chart-volume"
          title={t('volume.title')}
          label={t('volume.label', { total, max: Math.max(0, ...report.volume.map((v) => v.count)) })}
          rows={volume}
          columns={[
            { key: 'day', label: t('volume.day') },
            { key: 'count', label: t('volume.count') },
          ]}
          csvHref={csv('volume')}
        />
        <ChartCard
          testId="chart-hours"
          title={t('volumeByHour.title')}
          label={t('volumeByHour.label', { hour: busiestHour.hour, max: busiestHour.count })}
          rows={report.volumeByHour.map((v) => ({ hour: String(v.hour).padStart(2, '0'), count: v.count }))}
          columns={[
            { key: 'hour', label: t('volumeByHour.hour') },
            { key: 'count', label: t('volumeByHour.count') },
          ]}
          csvHref={csv('volumeByHour')}
        />
        <ChartCard
          testId="chart-ratings"
          title={t('ratings.title')}
          label={t('ratings.label', { count: report.ratings.count, average: report.ratings.average ?? '—' })}
          rows={report.ratings.distribution.map((d) => ({ stars: t('ratings.starsValue', { stars: d.stars }), count: d.count }))}
          columns={[
            { key: 'stars', label: t('ratings.stars') },
            { key: 'count', label: t('ratings.count') },
          ]}
          csvHref={csv('ratings')}
        />
        <ChartCard
          testId="chart-binding"
          title={t('bindingHealth.title')}
          label={t('bindingHealth.label', { own: pct(h.answeredByOwnAgent), covered: pct(h.coveredShare), open: pct(open) })}
          rows={answered}
          columns={[
            { key: 'who', label: t('bindingHealth.who') },
            { key: 'share', label: t('bindingHealth.share') },
          ]}
          format={pct}
          share
          csvHref={csv('bindingHealth')}
          note={agentId ? <p className="muted">{t('bindingHealth.note')}</p> : null}
        />
        {h.coveredBy.length > 0 ? (
          <ChartCard
            testId="chart-covered-by"
            title={t('coveredBy.title')}
            label={t('coveredBy.label', { count: h.coveredBy.length })}
            rows={h.coveredBy.map((c) => ({ agent: name(c), count: c.count }))}
            columns={[
              { key: 'agent', label: t('coveredBy.agent') },
              { key: 'count', label: t('coveredBy.count') },
            ]}
            csvHref={csv('coveredBy')}
          />
        ) : (
          <section className="card" aria-labelledby="covered-by-heading">
            <h2 id="covered-by-heading">{t('coveredBy.title')}</h2>
            <p className="muted">{t('coveredBy.none')}</p>
          </section>
        )}
      </div>

      <BindingTables report={report} />
    </>
  );
}

/** Hops, customers who changed agent, handovers and customers per agent: tables, each with its CSV. */
function BindingTables({ report }: { report: Report }) {
  const t = useTranslations('adminReports');
  const zh = useLocale() === 'zh-CN';
  const h = report.bindingHealth;
  const label = (group: 'changes.reasons' | 'handovers.reasons' | 'handovers.answers', key: string) => (t.has(`${group}.${key}`) ? t(`${group}.${key}`) : key);
  return (
    <div className="report-grid">
      <Table id="hops" title={t('hops.title')} rows={[[t('hops.moved'), h.hops.moved], [t('hops.total'), h.hops.total], [t('hops.max'), h.hops.max]]} />
      <Table id="changes" title={t('changes.title')} empty={t('changes.none')} head={[t('changes.reason'), t('changes.count')]} rows={h.agentChanges.map((c) => [label('changes.reasons', c.reason), c.count])} />
      <Table
        id="handovers"
        title={t('handovers.title')}
        empty={t('handovers.none')}
        head={[t('handovers.reason'), t('handovers.answer'), t('handovers.count')]}
        rows={h.handovers.map((c) => [label('handovers.reasons', c.reason), label('handovers.answers', c.answer), c.count])}
      />
      <Table
        id="capacity"
        title={t('capacity.title')}
        empty={t('capacity.none')}
        head={[t('capacity.agent'), t('capacity.customers'), t('capacity.capacity'), t('capacity.use')]}
        rows={h.customersPerAgent.map((a) => [zh ? a.nameZh : a.name, a.customers, a.capacity, a.capacity ? `${Math.round((a.customers / a.capacity) * 100)}%` : '—'])}
      />
    </div>
  );
}

function Table({ id, title, head, rows, empty }: { id: string; title: string; head?: string[]; rows: (string | number)[][]; empty?: string }) {
  const headingId = `report-${id}-heading`;
  return (
    <section className="card" aria-labelledby={headingId} data-testid={`report-${id}`}>
      <h2 id={headingId}>{title}</h2>
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className={`table-wrap${rows.length > 10 ? ' report-tall' : ''}`} tabIndex={0} role="region" aria-labelledby={headingId}>
          <table className="admin-table report-table">
            {head && (
              <thead>
                <tr>
                  {head.map((c) => (
                    <th key={c} scope="col">
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
            )}
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  {r.map((c, j) =>
                    j === 0 && !head ? (
                      <th key={j} scope="row">
                        {c}
                      </th>
                    ) : (
                      <td key={j}>{c}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
