import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getAgentSettings, updateAgentSettings } from '@/lib/agents/agent-settings.ts';
import { getEnv } from '@/lib/env.ts';
import { getNotifier } from '@/lib/requests/notifier.ts';
import { readJson, requireAgentId, route } from '@/lib/http/route.ts';

export const GET = route(async (req: NextRequest) => Response.json({ settings: await getAgentSettings({ db: getDb(), agentId: requireAgentId(req) }) }));

export const PUT = route(async (req: NextRequest) =>
  Response.json({
    settings: await updateAgentSettings({ db: getDb(), notify: getNotifier(), agentId: requireAgentId(req), input: await readJson(req), leadMs: getEnv().CALLBACK_REMINDER_LEAD_MS }),
  }),
);
