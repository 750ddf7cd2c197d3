import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getCustomerHistory } from '@/lib/agents/my-customers.ts';
import { requireAgentId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ customerId: string }> };

export const GET = route(async (req: NextRequest, { params }: Ctx) => {
  const { customerId } = await params;
  return Response.json(await getCustomerHistory({ db: getDb(), agentId: requireAgentId(req), customerId }));
});
