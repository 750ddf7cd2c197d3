import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { rateRequest } from '@/lib/ratings/rate-request.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { authorizeOwnRequest, requireCustomer } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, readJson, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

/** Rate a resolved request (201), or change the rating within 24 h (200). */
export const POST = route(async (req: NextRequest, { params }: Ctx, call) => {
  const id = parseId((await params).id, 'id');
  const actor = await call.actor();
  await authorizeOwnRequest({ db: getDb(), actor, id });
  await call.throttle('ratings');
  const { rating, created } = await rateRequest({ db: getDb(), notify: getNotifier(), customerId: requireCustomer(actor), requestId: id, input: await readJson(req) });
  return Response.json({ rating }, { status: created ? 201 : 200 });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
