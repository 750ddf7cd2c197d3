import { getDb } from '@/lib/db/client.ts';
import { adminCallContext } from '@/lib/admin/admin-call.ts';
import { deactivateAgentByAdmin } from '@/lib/admin/set-agent-active.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { requireAdmin } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

/** Issue 28: the agent leaves (as `npm run agent -- deactivate`); 200 `{ agent }`, also when they had left already. */
export const POST = route(async (_req, { params }: Ctx, call) => {
  const db = getDb();
  const { by, rosterOn, leadMs } = await adminCallContext(db, requireAdmin(await call.actor()));
  return Response.json({ agent: await deactivateAgentByAdmin({ db, notify: getNotifier(), by, rosterOn, leadMs, agentId: parseId((await params).id, 'id') }) });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
