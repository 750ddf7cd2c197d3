import { getDb } from '@/lib/db/client.ts';
import { requireCustomer } from '@/lib/auth/authorize.ts';
import { exportCustomerData } from '@/lib/identity/export-data.ts';
import { methodNotAllowed, route } from '@/lib/http/route.ts';

// "Download my data": everything stored about the caller, as a file to keep (no secrets: see lib/identity/export-data.ts).
export const GET = route(async (_req, _ctx, call) => {
  const customerId = requireCustomer(await call.actor());
  await call.throttle('exports');
  const data = await exportCustomerData({ db: getDb(), customerId });
  const day = data.exportedAt.slice(0, 10);
  return new Response(JSON.stringify(data, null, 2), {
    status: 200,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="exclusive-agent-my-data-${day}.json"`,
    },
  });
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
