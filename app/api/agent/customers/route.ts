import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { listMyCustomers } from '@/lib/agents/my-customers.ts';
import { requireAgentId, route } from '@/lib/http/route.ts';

export const GET = route(async (req: NextRequest) =>
  Response.json({ customers: await listMyCustomers({ db: getDb(), agentId: requireAgentId(req) }) }),
);
