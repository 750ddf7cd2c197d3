import { getDb } from '@/lib/db/client.ts';
import { adminCallContext } from '@/lib/admin/admin-call.ts';
import { resetAgentPassword } from '@/lib/admin/reset-agent-password.ts';
import { getRouteMailer } from '@/lib/mail/route-mailer.ts';
import { requireAdmin } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

/** Issue 28: the old password stops working; 200 `{ signInUrl, expiresAt, mailed }`, a new one-time link. */
export const POST = route(async (_req, { params }: Ctx, call) => {
  const db = getDb();
  const { by, appUrl } = await adminCallContext(db, requireAdmin(await call.actor()));
  return Response.json(await resetAgentPassword({ db, mailer: getRouteMailer(), appUrl, by, agentId: parseId((await params).id, 'id') }));
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
