import { getDb } from '@/lib/db/client.ts';
import { bearerOf, methodNotAllowed, route } from '@/lib/http/route.ts';
import { authorizeApiCall } from '@/lib/public-api/authorize-call.ts';
import { listCustomersForApi } from '@/lib/public-api/customers.ts';
import { queryOf } from '@/lib/public-api/schemas.ts';

/** `?limit=&cursor=&agentId=` → `{ customers, nextCursor }`, each with their exclusive agent (scope customers:read). */
export const GET = route(async (req) => {
  await authorizeApiCall({ db: getDb(), bearer: bearerOf(req), scope: 'customers:read' });
  return Response.json(await listCustomersForApi({ db: getDb(), query: queryOf(req.url) }));
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
