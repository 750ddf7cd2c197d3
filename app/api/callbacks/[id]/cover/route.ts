import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getEnv } from '@/lib/env.ts';
import { takeCover } from '@/lib/callbacks/offer-cover.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { authorizeCallback, requireCustomer } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

/** The customer takes the agent offered to make the call instead of their own (who is away then). */
export const POST = route(async (_req: NextRequest, { params }: Ctx, call) => {
  const id = parseId((await params).id, 'id');
  const actor = await call.actor();
  await authorizeCallback({ db: getDb(), actor, id, side: 'customer' });
  await call.throttle('callbacks');
  const callback = await takeCover({ db: getDb(), notify: getNotifier(), id, customerId: requireCustomer(actor), leadMs: getEnv().CALLBACK_REMINDER_LEAD_MS });
  return Response.json({ callback });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
