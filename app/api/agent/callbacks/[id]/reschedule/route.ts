import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { rescheduleCallback } from '@/lib/callbacks/book-callback.ts';
import { getNotifier } from '@/lib/requests/notifier.ts';
import { readJson, requireAgentId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

export const POST = route(async (req: NextRequest, { params }: Ctx) => {
  const { id } = await params;
  const by = { agentId: requireAgentId(req) };
  return Response.json({ callback: await rescheduleCallback({ db: getDb(), notify: getNotifier(), id, by, input: await readJson(req) }) });
});
