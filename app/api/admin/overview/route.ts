import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getAdmin } from '@/lib/admin/admins.ts';
import { getAdminOverview } from '@/lib/admin/overview.ts';
import { requireAdminId, route } from '@/lib/http/route.ts';

/** Agents with their figures and the latest job runs, for /admin. */
export const GET = route(async (req: NextRequest) => {
  const db = getDb();
  const admin = await getAdmin({ db, adminId: requireAdminId(req) });
  return Response.json({ admin, ...(await getAdminOverview({ db })) });
});
