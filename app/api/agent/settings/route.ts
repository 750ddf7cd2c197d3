import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getAgentSettings, updateAgentSettings } from '@/lib/agents/agent-settings.ts';
import { readJson, requireAgentId, route } from '@/lib/http/route.ts';

export const GET = route(async (req: NextRequest) => Response.json({ settings: await getAgentSettings({ db: getDb(), agentId: requireAgentId(req) }) }));

export const PUT = route(async (req: NextRequest) =>
  Response.json({ settings: await updateAgentSettings({ db: getDb(), agentId: requireAgentId(req), input: await readJson(req) }) }),
);
