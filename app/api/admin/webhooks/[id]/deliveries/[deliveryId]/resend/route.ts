import { getDb } from '@/lib/db/client.ts';
import { resendDelivery } from '@/lib/webhooks/endpoints.ts';
import { requireAdmin } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string; deliveryId: string }> };

/** "Send again": the same event (same Webhook-Id and body) goes out once more → `{ delivery }`. */
export const POST = route(async (_req, { params }: Ctx, call) => {
  requireAdmin(await call.actor());
  const p = await params;
  return Response.json({ delivery: await resendDelivery({ db: getDb(), webhookId: parseId(p.id, 'id'), deliveryId: parseId(p.deliveryId, 'deliveryId') }) });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
