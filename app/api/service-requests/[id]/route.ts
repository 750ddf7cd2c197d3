import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getRequestForCustomer } from '@/lib/requests/list-requests.ts';
import { methodNotAllowed, parseId, requireCustomerId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (req: NextRequest, { params }: Ctx) => {
  const id = parseId((await params).id, 'id');
  return Response.json({ request: await getRequestForCustomer({ db: getDb(), customerId: requireCustomerId(req), id }) });
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
