import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { bookCallback, listMyCallbacks } from '@/lib/callbacks/book-callback.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { requireCustomer } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, readJson, route } from '@/lib/http/route.ts';
import { LOCALE_COOKIE } from '@/lib/i18n/config.ts';
import { resolveLocale } from '@/lib/i18n/resolve-locale.ts';

export const POST = route(async (req: NextRequest, _ctx, call) => {
  const customerId = requireCustomer(await call.actor());
  await call.throttle('callbacks');
  const callback = await bookCallback({
    db: getDb(),
    notify: getNotifier(),
    customerId,
    input: await readJson(req),
    locale: resolveLocale({ cookie: req.cookies.get(LOCALE_COOKIE)?.value, acceptLanguage: req.headers.get('accept-language') }),
  });
  return Response.json({ callback }, { status: 201 });
});

export const GET = route(async (_req, _ctx, call) =>
  Response.json({ callbacks: await listMyCallbacks({ db: getDb(), customerId: requireCustomer(await call.actor()) }) }),
);

const other = methodNotAllowed('GET, POST');
export { other as PUT, other as PATCH, other as DELETE };
