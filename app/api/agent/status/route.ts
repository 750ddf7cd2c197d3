import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getEnv } from '@/lib/env.ts';
import { changeAgentStatus } from '@/lib/requests/follow-presence.ts';
import { getNotifier } from '@/lib/requests/notifier.ts';
import { readJson, requireAgentId, route } from '@/lib/http/route.ts';

export const PUT = route(async (req: NextRequest) => {
  const agentId = requireAgentId(req);
  const body = (await readJson(req)) as { status?: unknown };
  const change = await changeAgentStatus({ db: getDb(), notify: getNotifier(), agentId, status: body?.status, maxHops: getEnv().MAX_HOPS });
  return Response.json({ status: change.status, available: change.available, reason: change.reason });
});
