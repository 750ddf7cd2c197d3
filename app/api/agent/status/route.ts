import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getEnv } from '@/lib/env.ts';
import { changeAgentStatus } from '@/lib/staff/follow-presence.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { requireAgent } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, readJson, route } from '@/lib/http/route.ts';

export const PUT = route(async (req: NextRequest, _ctx, call) => {
  const agentId = requireAgent(await call.actor());
  const body = (await readJson(req)) as { status?: unknown };
  const change = await changeAgentStatus({ db: getDb(), notify: getNotifier(), agentId, status: body?.status, maxHops: getEnv().MAX_HOPS });
  return Response.json({ status: change.status, available: change.available, reason: change.reason });
});

const other = methodNotAllowed('PUT');
export { other as GET, other as POST, other as PATCH, other as DELETE };
