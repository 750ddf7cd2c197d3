import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { adminCallContext } from '@/lib/admin/admin-call.ts';
import { moveCustomersByAdmin } from '@/lib/admin/move-customers.ts';
import { requireAdmin } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, readJson, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

/**
 * Moves an agent's customers to a named colleague — with each customer's consent: they are asked, as
 * when an agent leaves, and keep their agent until they answer. `{ toAgentId }` → `{ pending }`.
 */
export const POST = route(async (req: NextRequest, { params }: Ctx, call) => {
  const db = getDb();
  const { by } = await adminCallContext(db, requireAdmin(await call.actor()));
  const agentId = parseId((await params).id, 'id');
  return Response.json(await moveCustomersByAdmin({ db, notify: getNotifier(), by, agentId, input: await readJson(req) }));
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
