'use client';

import { useId, useState, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export type Column = { key: string; label: string };
export type Row = Record<string, string | number>;

/**
 * One figure of the report: a bar chart drawn by recharts (bundled, no CDN), described in words for
 * screen readers (`role="img"` + the label), with its numbers one tap away as a table and as CSV.
 */
export function ChartCard(props: {
  title: string;
  /** what the chart shows, in a sentence: read out instead of the drawing */
  label: string;
  rows: Row[];
  /** first column = the bars' names, second = their values */
  columns: [Column, Column, ...Column[]];
  csvHref: string;
  testId: string;
  note?: ReactNode;
  /** the value column's numbers as they read in the table and the tooltip */
  format?: (v: number) => string;
  /** shares: the axis runs 0–1 (else recharts picks whole numbers and a 0.9 share reads against 400 %) */
  share?: boolean;
}) {
  const t = useTranslations('adminReports.chart');
  const [asTable, setAsTable] = useState(false);
  const headingId = useId();
  const [x, y] = props.columns;
  const format = props.format ?? ((v: number) => String(v));
  return (
    <section className="card report-card" aria-labelledby={headingId} data-testid={props.testId}>
      <div className="row wrap report-card-head">
        <h2 id={headingId} className="grow">
          {props.title}
        </h2>
        <button type="button" className="secondary" aria-pressed={asTable} onClick={() => setAsTable((v) => !v)} data-testid={`${props.testId}-toggle`}>
          {asTable ? t('showChart') : t('showTable')}
        </button>
        <a className="button-link" href={props.csvHref} download aria-label={t('csvLabel', { title: props.title })} data-testid={`${props.testId}-csv`}>
          {t('csv')}
        </a>
      </div>
      {props.note}
      {asTable ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={headingId}>
          <table className="admin-table report-table">
            <thead>
              <tr>
                {props.columns.map((c) => (
                  <th key={c.key} scope="col">
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r, i) => (
                <tr key={i}>
                  {props.columns.map((c, j) => (
                    <td key={c.key}>{j > 0 && typeof r[c.key] === 'number' ? format(r[c.key] as number) : r[c.key]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="report-chart" role="img" aria-label={props.label}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={props.rows} margin={{ top: 8, right: 8, bottom: 4, left: 0 }} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--line, #eaecf0)" />
              <XAxis dataKey={x.key} tick={{ fontSize: 12, fill: 'var(--muted, #475467)' }} interval={props.rows.length <= 6 ? 0 : 'preserveStartEnd'} minTickGap={8} />
              <YAxis allowDecimals={!!props.share} domain={props.share ? [0, 1] : undefined} ticks={props.share ? [0, 0.25, 0.5, 0.75, 1] : undefined} width={48} tick={{ fontSize: 12, fill: 'var(--muted, #475467)' }} tickFormatter={(v: number) => format(v)} />
              <Tooltip formatter={(v) => [format(Number(v)), y.label]} />
              <Bar dataKey={y.key} name={y.label} fill="var(--accent, #1d4ed8)" radius={[3, 3, 0, 0]} maxBarSize={64} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </section>
  );
}
