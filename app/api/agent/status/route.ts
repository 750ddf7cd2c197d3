import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { setAgentStatus } from '@/lib/agents/presence.ts';
import { getNotifier } from '@/lib/realtime/notifier.ts';
import { requireAgent } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, readJson, route } from '@/lib/http/route.ts';

export const PUT = route(async (req: NextRequest, _ctx, call) => {
  const agentId = requireAgent(await call.actor());
  const body = (await readJson(req)) as { status?: unknown };
  const status = await setAgentStatus({ db: getDb(), agentId, status: body?.status });
  getNotifier().agentStatusChanged(agentId, status);
  return Response.json({ status });
});

const other = methodNotAllowed('PUT');
export { other as GET, other as POST, other as PATCH, other as DELETE };
