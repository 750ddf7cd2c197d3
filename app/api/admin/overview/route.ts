import { getDb } from '@/lib/db/client.ts';
import { getAdmin } from '@/lib/admin/admins.ts';
import { getAdminOverview } from '@/lib/admin/overview.ts';
import { requireAdmin } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, route } from '@/lib/http/route.ts';

/** Agents with their figures and the latest job runs, for /admin. */
export const GET = route(async (_req, _ctx, call) => {
  const db = getDb();
  const admin = await getAdmin({ db, adminId: requireAdmin(await call.actor()) });
  return Response.json({ admin, ...(await getAdminOverview({ db })) });
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
