import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getCustomerHistory } from '@/lib/agents/my-customers.ts';
import { methodNotAllowed, parseId, requireAgentId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ customerId: string }> };

export const GET = route(async (req: NextRequest, { params }: Ctx) => {
  const customerId = parseId((await params).customerId, 'customerId');
  return Response.json(await getCustomerHistory({ db: getDb(), agentId: requireAgentId(req), customerId }));
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
