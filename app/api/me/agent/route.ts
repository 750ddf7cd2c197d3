import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getActiveBinding } from '@/lib/binding/get-active-binding.ts';
import { toAgentCard } from '@/lib/agents/agent-card.ts';
import { toBindingView } from '@/lib/binding/bind-agent.ts';
import { AppError } from '@/lib/errors.ts';
import { requireCustomerId, route } from '@/lib/http/route.ts';

export const GET = route(async (req: NextRequest) => {
  const binding = await getActiveBinding({ db: getDb(), customerId: requireCustomerId(req) });
  if (!binding) throw new AppError('not_found', 'You have no exclusive agent yet.', 'agent');
  return Response.json({ agent: toAgentCard(binding.agent), binding: toBindingView(binding) });
});
