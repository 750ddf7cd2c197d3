import { getDb } from '@/lib/db/client.ts';
import { bearerOf, methodNotAllowed, route } from '@/lib/http/route.ts';
import { authorizeApiCall } from '@/lib/public-api/authorize-call.ts';
import { listRequestsForApi } from '@/lib/public-api/requests.ts';
import { queryOf } from '@/lib/public-api/schemas.ts';

/** `?limit=&cursor=&status=&updatedSince=&customerId=` → `{ requests, nextCursor }` (scope requests:read). */
export const GET = route(async (req) => {
  await authorizeApiCall({ db: getDb(), bearer: bearerOf(req), scope: 'requests:read' });
  return Response.json(await listRequestsForApi({ db: getDb(), query: queryOf(req.url) }));
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
