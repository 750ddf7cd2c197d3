import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getActiveBinding } from '@/lib/binding/get-active-binding.ts';
import { toAgentCard } from '@/lib/agents/agent-card.ts';
import { toBindingView } from '@/lib/binding/bind-agent.ts';
import { AppError } from '@/lib/errors.ts';
import { requireCustomerId, route } from '@/lib/http/route.ts';

export const GET = route(async (req: NextRequest) => {
  const db = getDb();
  const customerId = requireCustomerId(req);
  const binding = await getActiveBinding({ db, customerId });
  if (binding) return Response.json({ agent: toAgentCard(binding.agent), binding: toBindingView(binding) });
  // An agent who left ended the binding: say so, so the customer knows why they must choose again.
  const last = await db.binding.findFirst({ where: { customerId }, orderBy: { createdAt: 'desc' }, include: { agent: true } });
  if (last?.endReason === 'agent-left') {
    throw new AppError('agent_left', `${last.agent.name} is no longer with us. Please choose a new agent.`, 'agent');
  }
  throw new AppError('not_found', 'You have no exclusive agent yet.', 'agent');
});
