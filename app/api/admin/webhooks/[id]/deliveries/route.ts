import { getDb } from '@/lib/db/client.ts';
import { listDeliveries } from '@/lib/webhooks/endpoints.ts';
import { requireAdmin } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

/** The endpoint's delivery log, newest first: status, attempts, last answer and when. */
export const GET = route(async (_req, { params }: Ctx, call) => {
  requireAdmin(await call.actor());
  return Response.json({ deliveries: await listDeliveries({ db: getDb(), id: parseId((await params).id, 'id') }) });
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
