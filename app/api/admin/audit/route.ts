import { getDb } from '@/lib/db/client.ts';
import { getAdmin } from '@/lib/admin/admins.ts';
import { listAudit } from '@/lib/admin/audit-log.ts';
import { requireAdmin } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, route } from '@/lib/http/route.ts';

/** Issue 28: the latest changes operators made to agents, newest first; 200 `{ entries }`. */
export const GET = route(async (_req, _ctx, call) => {
  const db = getDb();
  await getAdmin({ db, adminId: requireAdmin(await call.actor()) });
  return Response.json({ entries: await listAudit({ db }) });
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
