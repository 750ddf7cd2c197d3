import { getDb } from '@/lib/db/client.ts';
import { adminCallContext } from '@/lib/admin/admin-call.ts';
import { endAgentSessions } from '@/lib/admin/end-agent-sessions.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { requireAdmin } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

/** Issue 28: end every session of the agent (tokens, cookies, open consoles); 200 `{ ended }`. */
export const DELETE = route(async (_req, { params }: Ctx, call) => {
  const db = getDb();
  const { by } = await adminCallContext(db, requireAdmin(await call.actor()));
  return Response.json(await endAgentSessions({ db, notify: getNotifier(), by, agentId: parseId((await params).id, 'id') }));
});

const other = methodNotAllowed('DELETE');
export { other as GET, other as POST, other as PUT, other as PATCH };
