import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getCustomerSettings, updateCustomerSettings } from '@/lib/customers/settings.ts';
import { requireCustomer } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, readJson, route } from '@/lib/http/route.ts';

export const GET = route(async (_req, _ctx, call) =>
  Response.json({ settings: await getCustomerSettings({ db: getDb(), customerId: requireCustomer(await call.actor()) }) }),
);

export const PUT = route(async (req: NextRequest, _ctx, call) => {
  const customerId = requireCustomer(await call.actor());
  await call.throttle('settings');
  return Response.json({ settings: await updateCustomerSettings({ db: getDb(), customerId, input: await readJson(req) }) });
});

const other = methodNotAllowed('GET, PUT');
export { other as POST, other as PATCH, other as DELETE };
