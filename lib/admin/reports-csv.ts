import type { Report } from './reports.ts';
import type { ReportSection } from './report-query.ts';

/**
 * A report as CSV: one long table `section,key,label,value`, so every chart's numbers (and those without a
 * chart) come out of the same file, and `section=` gives one chart's alone. Values are the JSON's own.
 */
export type CsvRow = { section: ReportSection; key: string; label: string; value: number | string | null };

export const reportRows = (r: Report): CsvRow[] => {
  const h = r.bindingHealth;
  const rows: CsvRow[] = [
    ...r.volume.map((v) => ({ section: 'volume' as const, key: v.at, label: '', value: v.count })),
    ...r.volumeByHour.map((v) => ({ section: 'volumeByHour' as const, key: String(v.hour), label: '', value: v.count })),
    ...(['p50Ms', 'p90Ms', 'count'] as const).map((k) => ({ section: 'firstAnswer' as const, key: k, label: '', value: r.firstAnswer[k] })),
    ...(['p50Ms', 'p90Ms', 'count'] as const).map((k) => ({ section: 'resolution' as const, key: k, label: '', value: r.resolution[k] })),
    { section: 'ratings', key: 'average', label: '', value: r.ratings.average },
    { section: 'ratings', key: 'count', label: '', value: r.ratings.count },
    ...r.ratings.distribution.map((d) => ({ section: 'ratings' as const, key: `stars${d.stars}`, label: '', value: d.count })),
    { section: 'gifts', key: 'count', label: '', value: r.gifts.count },
    { section: 'gifts', key: 'points', label: '', value: r.gifts.points },
    { section: 'bindingHealth', key: 'requests', label: '', value: h.requests },
    { section: 'bindingHealth', key: 'answeredByOwnAgent', label: '', value: h.answeredByOwnAgent },
    { section: 'bindingHealth', key: 'coveredShare', label: '', value: h.coveredShare },
    { section: 'bindingHealth', key: 'heldShare', label: '', value: h.heldShare },
    { section: 'bindingHealth', key: 'heldMs.p50', label: '', value: h.heldMs.p50 },
    { section: 'bindingHealth', key: 'heldMs.p90', label: '', value: h.heldMs.p90 },
    ...h.coveredBy.map((c) => ({ section: 'coveredBy' as const, key: c.agentId, label: c.name, value: c.count })),
    ...(['moved', 'total', 'max'] as const).map((k) => ({ section: 'hops' as const, key: k, label: '', value: h.hops[k] })),
    ...h.agentChanges.map((c) => ({ section: 'agentChanges' as const, key: c.reason, label: '', value: c.count })),
    ...h.handovers.map((c) => ({ section: 'handovers' as const, key: `${c.reason}/${c.answer}`, label: '', value: c.count })),
    ...h.customersPerAgent.flatMap((a) => [
      { section: 'customersPerAgent' as const, key: `${a.agentId}/customers`, label: a.name, value: a.customers },
      { section: 'customersPerAgent' as const, key: `${a.agentId}/capacity`, label: a.name, value: a.capacity },
    ]),
  ];
  return rows;
};

/** RFC 4180 quoting; a cell a spreadsheet would run as a formula (=, +, -, @) is prefixed with '. */
const cell = (v: number | string | null): string => {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export const reportToCsv = (r: Report, section?: ReportSection): string =>
  ['section,key,label,value', ...reportRows(r).filter((row) => !section || row.section === section).map((row) => [row.section, row.key, row.label, row.value].map(cell).join(','))].join('\r\n') + '\r\n';

/** The file name a download is saved under. */
export const reportFileName = (r: Report, section?: ReportSection): string =>
  `report-${r.period.from.slice(0, 10)}-${r.period.to.slice(0, 10)}${r.period.agentId ? `-${r.period.agentId}` : ''}${section ? `-${section}` : ''}.csv`;
