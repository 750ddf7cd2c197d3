import { getDb } from '@/lib/db/client.ts';
import { bearerOf, methodNotAllowed, route } from '@/lib/http/route.ts';
import { authorizeApiCall } from '@/lib/public-api/authorize-call.ts';
import { listAgentsForApi } from '@/lib/public-api/agents.ts';
import { queryOf } from '@/lib/public-api/schemas.ts';

/** `?limit=&cursor=&available=` → `{ agents, nextCursor }` with presence (scope agents:read). */
export const GET = route(async (req) => {
  await authorizeApiCall({ db: getDb(), bearer: bearerOf(req), scope: 'agents:read' });
  return Response.json(await listAgentsForApi({ db: getDb(), query: queryOf(req.url) }));
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
