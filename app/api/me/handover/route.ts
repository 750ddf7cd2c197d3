import { getDb } from '@/lib/db/client.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { answerHandover } from '@/lib/staff/handover.ts';
import { requireCustomer } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, readJson, route } from '@/lib/http/route.ts';

/** The customer answers the handover they were asked about: `{ answer: "accept" | "choose_again" }`. */
export const POST = route(async (req, _ctx, call) => {
  const customerId = requireCustomer(await call.actor());
  const result = await answerHandover({ db: getDb(), notify: getNotifier(), customerId, input: await readJson(req) });
  return Response.json(result);
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
