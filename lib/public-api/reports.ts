import type { Db } from '../db/client.ts';
import { parseReportQuery } from '../admin/report-query.ts';
import { getReport, type Report } from '../admin/reports.ts';
import { reportsQuerySchema } from './schemas.ts';

/**
 * GET /api/v1/reports: the figures of /admin/reports, computed by the same function (lib/admin/reports.ts),
 * so the page and the shop's servers never disagree. The query is read by the documented schema (its
 * fields), then by the admin's own query rules (from before to, at most 366 days), each naming the field.
 */
export const getReportForApi = async (opts: { db: Db; query: Record<string, string> }): Promise<Report> => {
  const q = reportsQuerySchema.parse(opts.query);
  const { from, to, agentId, utcOffsetMinutes } = parseReportQuery(
    new URLSearchParams({ from: q.from, to: q.to, ...(q.agentId ? { agentId: q.agentId } : {}), utcOffsetMinutes: String(q.utcOffsetMinutes ?? 0), format: 'json' }),
  );
  return getReport({ db: opts.db, from, to, agentId, utcOffsetMinutes });
};
