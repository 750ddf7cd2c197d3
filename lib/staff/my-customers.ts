import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { toCustomerView } from '../customers/create-customer.ts';
import { listForCustomer } from '../requests/list-requests.ts';
import { OPEN_STATUSES } from '../requests/request-view.ts';
import { findActiveBinding } from '../binding/get-active-binding.ts';

/** The agent's exclusive customers with their contact info (shown only to their own agent). */
export const listMyCustomers = async (opts: { db: Db; agentId: string }) => {
  const bindings = await opts.db.binding.findMany({
    where: { agentId: opts.agentId, endedAt: null },
    include: { customer: true },
    orderBy: { createdAt: 'desc' },
    take: 500,
  });
  return bindings.map((b) => ({ customer: toCustomerView(b.customer), since: b.createdAt.toISOString() }));
};

/**
 * A customer's past requests, so a conversation continues where it stopped: all of them for their
 * exclusive agent; for an agent covering one of their open requests, only the requests that agent
 * handles (scope "covered", decided by lib/auth/authorize.ts).
 */
export const getCustomerHistory = async (opts: { db: Db; agentId: string; customerId: string; scope?: 'all' | 'covered' }) => {
  const [binding, covering] = await Promise.all([
    findActiveBinding(opts.db, opts.customerId, { select: { agentId: true, createdAt: true } }).then((b) => (b?.agentId === opts.agentId ? b : null)),
    opts.db.serviceRequest.findFirst({
      where: { agentId: opts.agentId, customerId: opts.customerId, status: { in: [...OPEN_STATUSES] } },
      select: { id: true },
    }),
  ]);
  if (!binding && !covering) throw new AppError('not_found', 'This customer is not yours.', 'customerId');
  const customer = await opts.db.customer.findUniqueOrThrow({ where: { id: opts.customerId } });
  const requests = await listForCustomer({ db: opts.db, customerId: opts.customerId, take: 50 });
  const coveredOnly = !binding || opts.scope === 'covered';
  return {
    customer: toCustomerView(customer),
    exclusive: Boolean(binding),
    /** since when this customer is mine (null for a cover) */
    since: binding?.createdAt.toISOString() ?? null,
    requests: coveredOnly ? requests.filter((r) => r.agentId === opts.agentId) : requests,
  };
};
