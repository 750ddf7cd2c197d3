import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { adminCallContext } from '@/lib/admin/admin-call.ts';
import { createAgent } from '@/lib/admin/create-agent.ts';
import { getRouteMailer } from '@/lib/mail/route-mailer.ts';
import { requireAdmin } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, readJson, route } from '@/lib/http/route.ts';

/** Issue 28: add an agent; 201 `{ agent, signInUrl, mailed }` — the link is the admin's to copy, and mailed when mail is set up. */
export const POST = route(async (req: NextRequest, _ctx, call) => {
  const db = getDb();
  const { by, rosterOn, appUrl } = await adminCallContext(db, requireAdmin(await call.actor()));
  const made = await createAgent({ db, mailer: getRouteMailer(), appUrl, by, rosterOn, input: await readJson(req) });
  return Response.json(made, { status: 201 });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
