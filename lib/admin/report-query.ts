import { z } from 'zod';
import { idSchema } from '../validation/text.ts';

/** The longest period a report covers: a year and a day, so "the last 12 months" from any day fits. */
export const MAX_REPORT_DAYS = 366;
const DAY_MS = 24 * 60 * 60 * 1000;

export const REPORT_SECTIONS = ['volume', 'volumeByHour', 'firstAnswer', 'resolution', 'ratings', 'gifts', 'bindingHealth', 'coveredBy', 'hops', 'agentChanges', 'handovers', 'customersPerAgent'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

const instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time, e.g. 2026-12-01T00:00:00Z' }).transform((s) => new Date(s));

/**
 * `GET /api/admin/reports`'s query: a period [from, to), optionally one agent, JSON or CSV (optionally one
 * section of it), and the viewer's zone as whole hours east of UTC (days and hours of day are theirs).
 * Every refusal names its field: the route answers 400 with it.
 */
export const reportQuerySchema = z
  .object({
    from: instant,
    to: instant,
    agentId: idSchema.optional(),
    format: z.enum(['json', 'csv']).default('json'),
    section: z.enum(REPORT_SECTIONS).optional(),
    utcOffsetMinutes: z.coerce
      .number({ error: 'must be a number of minutes' })
      .int('must be whole minutes')
      .min(-12 * 60, 'must be between -720 and 840')
      .max(14 * 60, 'must be between -720 and 840')
      .refine((m) => m % 60 === 0, 'must be whole hours (reports count by the hour)')
      .default(0),
  })
  .superRefine((q, ctx) => {
    // zod runs this even when a date failed above: only the dates' own message is wanted then.
    if (!(q.from instanceof Date) || !(q.to instanceof Date)) return;
    if (q.from.getTime() >= q.to.getTime()) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    else if (q.to.getTime() - q.from.getTime() > MAX_REPORT_DAYS * DAY_MS) ctx.addIssue({ code: 'custom', path: ['to'], message: `the period may be at most ${MAX_REPORT_DAYS} days` });
  });

export type ReportQuery = z.infer<typeof reportQuerySchema>;

/** The query out of a URL's search parameters (an absent parameter is undefined, so the schema names it). */
export const parseReportQuery = (params: URLSearchParams): ReportQuery =>
  reportQuerySchema.parse(Object.fromEntries([...params.entries()].filter(([k]) => k in reportQuerySchema.shape)));
