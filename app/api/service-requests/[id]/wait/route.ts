import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { waitForBoundAgent } from '@/lib/requests/reassign-request.ts';
import { requireCustomerId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

export const POST = route(async (req: NextRequest, { params }: Ctx) => {
  const { id } = await params;
  return Response.json({ request: await waitForBoundAgent({ db: getDb(), customerId: requireCustomerId(req), input: { id } }) });
});
