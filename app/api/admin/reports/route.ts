import { getDb } from '@/lib/db/client.ts';
import { requireAdmin } from '@/lib/auth/authorize.ts';
import { parseReportQuery } from '@/lib/admin/report-query.ts';
import { getReport } from '@/lib/admin/reports.ts';
import { reportFileName, reportToCsv } from '@/lib/admin/reports-csv.ts';
import { methodNotAllowed, route } from '@/lib/http/route.ts';

/** /admin/reports' figures over a period, as JSON or CSV (`format=csv`, optionally one `section`). */
export const GET = route(async (req, _ctx, call) => {
  requireAdmin(await call.actor());
  const query = parseReportQuery(req.nextUrl.searchParams);
  const report = await getReport({ db: getDb(), from: query.from, to: query.to, agentId: query.agentId, utcOffsetMinutes: query.utcOffsetMinutes });
  if (query.format === 'json') return Response.json(report);
  return new Response(reportToCsv(report, query.section), {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${reportFileName(report, query.section)}"` },
  });
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
