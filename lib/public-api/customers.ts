import type { Db } from '../db/client.ts';
import { afterCursor, pageOf, PAGE_ORDER, takeFor } from './pagination.ts';
import { customersQuerySchema } from './schemas.ts';

/**
 * GET /api/v1/customers: the shop's customers with their exclusive agent. Contact details are the
 * shop's own data; erased customers (nothing left to give) are not listed. Never credentials: the
 * columns are picked here, not spread from the row.
 */
export const listCustomersForApi = async (opts: { db: Db; query: Record<string, string> }) => {
  const q = customersQuerySchema.parse(opts.query);
  const rows = await opts.db.customer.findMany({
    where: { ...afterCursor(q.cursor), erasedAt: null, ...(q.agentId ? { bindings: { some: { agentId: q.agentId, endedAt: null } } } : {}) },
    orderBy: PAGE_ORDER,
    take: takeFor(q.limit),
  });
  const page = pageOf(rows, q.limit);
  // One query for the page's bindings (a customer has at most one without an end).
  const bindings = page.rows.length
    ? await opts.db.binding.findMany({
        where: { customerId: { in: page.rows.map((c) => c.id) }, endedAt: null },
        select: { customerId: true, createdAt: true, state: true, agent: { select: { id: true, name: true, nameZh: true } } },
      })
    : [];
  const agentOf = new Map(bindings.map((b) => [b.customerId, b]));
  return {
    customers: page.rows.map((c) => {
      const b = agentOf.get(c.id);
      return {
        id: c.id,
        name: c.name,
        phone: c.phone,
        email: c.email,
        im: c.im,
        locale: c.locale,
        externalId: c.externalId,
        createdAt: c.createdAt.toISOString(),
        agent: b ? { ...b.agent, since: b.createdAt.toISOString(), state: b.state === 'pending_handover' ? ('pending_handover' as const) : ('active' as const) } : null,
      };
    }),
    nextCursor: page.nextCursor,
  };
};
