import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { createServiceRequest, IDEMPOTENCY_HEADER } from '@/lib/requests/create-request.ts';
import { listForCustomer } from '@/lib/requests/list-requests.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { requireCustomer } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, readJson, route } from '@/lib/http/route.ts';
import { LOCALE_COOKIE } from '@/lib/i18n/config.ts';
import { resolveLocale } from '@/lib/i18n/resolve-locale.ts';

export const POST = route(async (req: NextRequest, _ctx, call) => {
  const customerId = requireCustomer(await call.actor());
  await call.throttle('requests');
  const idempotencyKey = req.headers.get(IDEMPOTENCY_HEADER);
  const { request, created, routing } = await createServiceRequest({
    db: getDb(),
    notify: getNotifier(),
    customerId,
    idempotencyKey,
    input: await readJson(req),
    // The app's language at request time: a cover must speak it.
    locale: resolveLocale({ cookie: req.cookies.get(LOCALE_COOKIE)?.value, acceptLanguage: req.headers.get('accept-language') }),
  });
  return Response.json({ request, routing }, { status: created ? 201 : 200, headers: created ? {} : { 'idempotent-replayed': 'true' } });
});

export const GET = route(async (_req, _ctx, call) =>
  Response.json({ requests: await listForCustomer({ db: getDb(), customerId: requireCustomer(await call.actor()) }) }),
);

const other = methodNotAllowed('GET, POST');
export { other as PUT, other as PATCH, other as DELETE };
