import { getDb } from '@/lib/db/client.ts';
import { clearedCookie } from '@/lib/credentials/session.ts';
import { revokeAllSessions } from '@/lib/credentials/sessions.ts';
import { methodNotAllowed, route } from '@/lib/http/route.ts';

// Signing out ends every session of this admin, not just this cookie.
export const POST = route(async (_req, _ctx, call) => {
  const { adminId } = await call.actor();
  if (adminId) await revokeAllSessions({ db: getDb(), kind: 'admin', subjectId: adminId });
  return new Response(null, { status: 204, headers: { 'set-cookie': clearedCookie('admin') } });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
