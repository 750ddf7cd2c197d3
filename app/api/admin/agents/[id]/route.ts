import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { adminCallContext } from '@/lib/admin/admin-call.ts';
import { getAgentDetail } from '@/lib/admin/agent-detail.ts';
import { updateAgent } from '@/lib/admin/update-agent.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { requireAdmin } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, readJson, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

/** Issue 28: one agent for the edit form, with which fields the roster owns and their audit log. */
export const GET = route(async (_req, { params }: Ctx, call) => {
  const db = getDb();
  const { rosterOn } = await adminCallContext(db, requireAdmin(await call.actor()));
  return Response.json(await getAgentDetail({ db, agentId: parseId((await params).id, 'id'), rosterOn }));
});

/** Edit any of the fields; 409 `roster_owned` naming a field the roster owns. */
export const PATCH = route(async (req: NextRequest, { params }: Ctx, call) => {
  const db = getDb();
  const { by, rosterOn, leadMs } = await adminCallContext(db, requireAdmin(await call.actor()));
  const agentId = parseId((await params).id, 'id');
  return Response.json({ agent: await updateAgent({ db, notify: getNotifier(), by, agentId, rosterOn, leadMs, input: await readJson(req) }) });
});

const other = methodNotAllowed('GET, PATCH');
export { other as POST, other as PUT, other as DELETE };
