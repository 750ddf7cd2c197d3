import { getDb } from '@/lib/db/client.ts';
import { requireCustomer } from '@/lib/auth/authorize.ts';
import { listDevices } from '@/lib/identity/devices.ts';
import { methodNotAllowed, route } from '@/lib/http/route.ts';

// "Your devices": the caller's own customer sessions only; ids are public ids, never the session's key.
export const GET = route(async (_req, _ctx, call) => {
  const { actor, customerSession } = await call.resolved();
  const customerId = requireCustomer(actor);
  return Response.json({ sessions: await listDevices({ db: getDb(), customerId, currentSessionId: customerSession?.id ?? null }) });
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
