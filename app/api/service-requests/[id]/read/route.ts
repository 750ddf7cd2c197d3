import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { markCustomerRead } from '@/lib/requests/customer-read.ts';
import { getNotifier } from '@/lib/requests/notifier.ts';
import { readJson, requireCustomerId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

/** The customer's app received (`deliveredUpTo`) or showed (`readUpTo`) the agent's words: 200 `{ request: { id, deliveredUpTo, readUpTo } }`. */
export const POST = route(async (req: NextRequest, { params }: Ctx) => {
  const { id } = await params;
  const request = await markCustomerRead({ db: getDb(), notify: getNotifier(), customerId: requireCustomerId(req), id, input: await readJson(req) });
  return Response.json({ request });
});
