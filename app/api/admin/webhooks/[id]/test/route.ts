import { getDb } from '@/lib/db/client.ts';
import { sendTestEvent } from '@/lib/webhooks/endpoints.ts';
import { requireAdmin } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

/** "Send a test event": a `webhook.test` to this endpoint only, queued like any event → 202 `{ delivery }`. */
export const POST = route(async (_req, { params }: Ctx, call) => {
  requireAdmin(await call.actor());
  return Response.json({ delivery: await sendTestEvent({ db: getDb(), id: parseId((await params).id, 'id') }) }, { status: 202 });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
