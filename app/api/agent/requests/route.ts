import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { getDb } from '@/lib/db/client.ts';
import { listOpenForAgent } from '@/lib/requests/list-requests.ts';
import { requireAgent } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, route } from '@/lib/http/route.ts';

// `?resolvedSince=<ISO time>`: the console asks for what was resolved since the agent's local midnight.
const querySchema = z.object({ resolvedSince: z.iso.datetime({ offset: true, error: 'must be an ISO date-time' }).optional() });

export const GET = route(async (req: NextRequest, _ctx, call) => {
  const agentId = requireAgent(await call.actor());
  const { resolvedSince } = querySchema.parse({ resolvedSince: req.nextUrl.searchParams.get('resolvedSince') ?? undefined });
  return Response.json({ requests: await listOpenForAgent({ db: getDb(), agentId, resolvedSince: resolvedSince ? new Date(resolvedSince) : undefined }) });
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
