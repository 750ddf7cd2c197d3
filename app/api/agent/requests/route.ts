import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { listOpenForAgent } from '@/lib/requests/list-requests.ts';
import { methodNotAllowed, requireAgentId, route } from '@/lib/http/route.ts';

export const GET = route(async (req: NextRequest) =>
  Response.json({ requests: await listOpenForAgent({ db: getDb(), agentId: requireAgentId(req) }) }),
);

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
