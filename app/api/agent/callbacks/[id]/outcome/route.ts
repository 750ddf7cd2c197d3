import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { recordOutcome } from '@/lib/callbacks/book-callback.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { authorizeCallback, requireAgent } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, readJson, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

export const POST = route(async (req: NextRequest, { params }: Ctx, call) => {
  const id = parseId((await params).id, 'id');
  const actor = await call.actor();
  await authorizeCallback({ db: getDb(), actor, id, side: 'agent' });
  return Response.json({ callback: await recordOutcome({ db: getDb(), notify: getNotifier(), id, agentId: requireAgent(actor), input: await readJson(req) }) });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
