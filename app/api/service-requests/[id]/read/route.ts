import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { markCustomerRead } from '@/lib/requests/customer-read.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { authorizeOwnRequest, requireCustomer } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, readJson, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

/** The customer's app received (`deliveredUpTo`) or showed (`readUpTo`) the agent's words: 200 `{ request: { id, deliveredUpTo, readUpTo } }`. */
export const POST = route(async (req: NextRequest, { params }: Ctx, call) => {
  const id = parseId((await params).id, 'id');
  const actor = await call.actor();
  await authorizeOwnRequest({ db: getDb(), actor, id });
  await call.throttle('readMarks');
  const request = await markCustomerRead({ db: getDb(), notify: getNotifier(), customerId: requireCustomer(actor), id, input: await readJson(req) });
  return Response.json({ request });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
