import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { waitForBoundAgent } from '@/lib/requests/reassign-request.ts';
import { methodNotAllowed, parseId, requireCustomerId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

export const POST = route(async (req: NextRequest, { params }: Ctx) => {
  const id = parseId((await params).id, 'id');
  return Response.json({ request: await waitForBoundAgent({ db: getDb(), customerId: requireCustomerId(req), input: { id } }) });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
