import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getAgentSettings, updateAgentSettings } from '@/lib/staff/agent-settings.ts';
import { getEnv } from '@/lib/env.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { requireAgent } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, readJson, route } from '@/lib/http/route.ts';

export const GET = route(async (_req, _ctx, call) => Response.json({ settings: await getAgentSettings({ db: getDb(), agentId: requireAgent(await call.actor()) }) }));

export const PUT = route(async (req: NextRequest, _ctx, call) => {
  const agentId = requireAgent(await call.actor());
  await call.throttle('settings');
  return Response.json({
    settings: await updateAgentSettings({ db: getDb(), notify: getNotifier(), agentId, input: await readJson(req), leadMs: getEnv().CALLBACK_REMINDER_LEAD_MS }),
  });
});

const other = methodNotAllowed('GET, PUT');
export { other as POST, other as PATCH, other as DELETE };
