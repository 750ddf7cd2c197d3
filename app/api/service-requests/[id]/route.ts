import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getRequestForCustomer } from '@/lib/requests/list-requests.ts';
import { requireCustomerId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (req: NextRequest, { params }: Ctx) => {
  const { id } = await params;
  return Response.json({ request: await getRequestForCustomer({ db: getDb(), customerId: requireCustomerId(req), id }) });
});
