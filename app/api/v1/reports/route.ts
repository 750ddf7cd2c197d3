import { getDb } from '@/lib/db/client.ts';
import { bearerOf, methodNotAllowed, route } from '@/lib/http/route.ts';
import { authorizeApiCall } from '@/lib/public-api/authorize-call.ts';
import { getReportForApi } from '@/lib/public-api/reports.ts';
import { queryOf } from '@/lib/public-api/schemas.ts';

/** `?from=&to=[&agentId=][&utcOffsetMinutes=]` → `{ report }`: /admin/reports' figures (scope reports:read). */
export const GET = route(async (req) => {
  await authorizeApiCall({ db: getDb(), bearer: bearerOf(req), scope: 'reports:read' });
  return Response.json({ report: await getReportForApi({ db: getDb(), query: queryOf(req.url) }) });
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
