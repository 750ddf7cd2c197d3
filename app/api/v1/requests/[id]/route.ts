import { getDb } from '@/lib/db/client.ts';
import { bearerOf, methodNotAllowed, parseId, route } from '@/lib/http/route.ts';
import { authorizeApiCall } from '@/lib/public-api/authorize-call.ts';
import { getRequestForApi } from '@/lib/public-api/requests.ts';

type Ctx = { params: Promise<{ id: string }> };

/** → `{ request }` with its thread (scope requests:read). */
export const GET = route(async (req, { params }: Ctx) => {
  await authorizeApiCall({ db: getDb(), bearer: bearerOf(req), scope: 'requests:read' });
  return Response.json(await getRequestForApi({ db: getDb(), id: parseId((await params).id, 'id') }));
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
