import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { getDb } from '@/lib/db/client.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { moveCustomers } from '@/lib/staff/handover.ts';
import { requireAdmin } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, readJson, route } from '@/lib/http/route.ts';

const moveSchema = z.object({ toAgentId: z.string({ error: 'is required' }).min(1, 'is required').max(64, 'is too long') });

/**
 * Moves an agent's customers to a named colleague — with each customer's consent: they are asked, as
 * when an agent leaves, and keep their agent until they answer. `{ toAgentId }` → `{ pending }`.
 */
type Ctx = { params: Promise<{ id: string }> };

export const POST = route(async (req: NextRequest, { params }: Ctx, call) => {
  const adminId = requireAdmin(await call.actor());
  const id = parseId((await params).id, 'id');
  const { toAgentId } = moveSchema.parse(await readJson(req));
  return Response.json(await moveCustomers({ db: getDb(), notify: getNotifier(), fromAgentId: id, toAgentId, adminId }));
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
