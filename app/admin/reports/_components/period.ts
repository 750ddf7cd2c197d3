import { MAX_REPORT_DAYS } from '@/lib/admin/report-query.ts';

export type PeriodKind = 'today' | 'days7' | 'days30' | 'custom';
export type Period = { from: Date; to: Date };
export type PeriodChoice = { kind: PeriodKind; from: string; to: string };

const DAY_MS = 86_400_000;
/** `YYYY-MM-DD` of a date in the browser's zone, as <input type="date"> wants it. */
export const dateInput = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const localMidnight = (ymd: string) => {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(y!, m! - 1, d!);
};

/**
 * The period a choice means, in the browser's zone: today from midnight; the last 7 or 30 days up to the
 * next whole minute (so the CSV link asks for the same period); custom from one midnight to the midnight
 * after the last day. An error names what is wrong, in a key of adminReports.errors.
 */
export const periodOf = (c: PeriodChoice, now: Date): Period | { error: 'badPeriod' | 'tooLong' } => {
  const to = new Date(Math.ceil((now.getTime() + 1) / 60_000) * 60_000);
  if (c.kind === 'today') return { from: localMidnight(dateInput(now)), to };
  if (c.kind === 'days7') return { from: new Date(to.getTime() - 7 * DAY_MS), to };
  if (c.kind === 'days30') return { from: new Date(to.getTime() - 30 * DAY_MS), to };
  if (!c.from || !c.to) return { error: 'badPeriod' };
  const from = localMidnight(c.from);
  const end = localMidnight(c.to);
  end.setDate(end.getDate() + 1);
  if (from >= end) return { error: 'badPeriod' };
  if (end.getTime() - from.getTime() > MAX_REPORT_DAYS * DAY_MS) return { error: 'tooLong' };
  return { from, to: end };
};

/** The browser's offset east of UTC, to whole hours (the API counts by the hour). */
export const utcOffsetMinutes = (now: Date) => Math.round(-now.getTimezoneOffset() / 60) * 60;

export const reportUrl = (p: Period, agentId: string, extra: Record<string, string> = {}) => {
  const q = new URLSearchParams({ from: p.from.toISOString(), to: p.to.toISOString(), utcOffsetMinutes: String(utcOffsetMinutes(p.from)), ...(agentId ? { agentId } : {}), ...extra });
  return `/api/admin/reports?${q.toString()}`;
};
