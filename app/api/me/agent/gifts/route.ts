import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { sendGift } from '@/lib/gifts/send-gift.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { giftsPerDay } from '@/lib/gifts/gift-limit.ts';
import { requireCustomer } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, readJson, route } from '@/lib/http/route.ts';

/** Send the exclusive agent a gift; 429 with Retry-After past the daily limit. */
export const POST = route(async (req: NextRequest, _ctx, call) => {
  const customerId = requireCustomer(await call.actor());
  const gift = await sendGift({ db: getDb(), notify: getNotifier(), customerId, input: await readJson(req), perDay: giftsPerDay() });
  return Response.json({ gift }, { status: 201 });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
