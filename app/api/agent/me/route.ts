import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { toAgentCard } from '@/lib/agents/agent-card.ts';
import { AppError } from '@/lib/errors.ts';
import { methodNotAllowed, requireAgentId, route } from '@/lib/http/route.ts';

export const GET = route(async (req: NextRequest) => {
  const agent = await getDb().agent.findUnique({ where: { id: requireAgentId(req) } });
  if (!agent?.active) throw new AppError('unauthenticated', 'Please sign in again.', 'session');
  return Response.json({ agent: { ...toAgentCard(agent), email: agent.email } });
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
