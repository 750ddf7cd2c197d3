import { getDb } from '@/lib/db/client.ts';
import { toAgentCard } from '@/lib/agents/agent-card.ts';
import { requireAgent } from '@/lib/auth/authorize.ts';
import { AppError } from '@/lib/errors.ts';
import { methodNotAllowed, route } from '@/lib/http/route.ts';

export const GET = route(async (_req, _ctx, call) => {
  const agent = await getDb().agent.findUnique({ where: { id: requireAgent(await call.actor()) } });
  if (!agent?.active) throw new AppError('unauthenticated', 'Please sign in again.', 'session');
  return Response.json({ agent: { ...toAgentCard(agent), email: agent.email } });
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
