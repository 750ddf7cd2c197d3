import { getDb } from '@/lib/db/client.ts';
import { clearedCookie } from '@/lib/credentials/session.ts';
import { revokeAllSessions } from '@/lib/credentials/sessions.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { methodNotAllowed, route } from '@/lib/http/route.ts';

// Signing out ends every session of this agent — every token, every tab's socket — not just this cookie.
export const POST = route(async (_req, _ctx, call) => {
  const { agentId } = await call.actor();
  if (agentId) {
    await revokeAllSessions({ db: getDb(), kind: 'agent', subjectId: agentId });
    getNotifier().endSessions?.({ agentId });
  }
  return Response.json({ ok: true }, { headers: { 'set-cookie': clearedCookie('agent') } });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
