import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import type { RequestEvents } from './events.ts';
import type { CustomerReadView } from './request-view.ts';

/**
 * Delivery and read states of the agent's words, as the customer's app reports them
 * (`POST /api/service-requests/{id}/read`): `deliveredUpTo` once any tab or device of theirs has
 * received the agent's messages up to that time, `readUpTo` once it has shown them on a visible screen.
 * Each is the `createdAt` of the newest such message, so a message that arrives while the mark is on
 * its way stays "sent". The marks only move on, never past now; read implies delivered. The handling
 * agent's consoles hear each move live (`service-request:customer-read`).
 */

const upTo = z.iso.datetime({ offset: true, error: 'must be an ISO date-time' });

export const customerReadInputSchema = z
  .object({ deliveredUpTo: upTo.optional(), readUpTo: upTo.optional() })
  .refine((v) => v.deliveredUpTo !== undefined || v.readUpTo !== undefined, { message: 'is required (or deliveredUpTo)', path: ['readUpTo'] });

const later = (a: Date | null, b: Date | null): Date | null => (!a ? b : !b || a >= b ? a : b);
const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Moves the customer's marks on a request of theirs; tells the handling agent when one moved. */
export const markCustomerRead = async (opts: { db: Db; notify: RequestEvents; customerId: string; id: string; input: unknown; now?: Date }): Promise<CustomerReadView> => {
  const input = customerReadInputSchema.parse(opts.input);
  const { db, id } = opts;
  const now = opts.now ?? new Date();
  const clamp = (s: string | undefined) => (s === undefined ? null : new Date(Math.min(Date.parse(s), now.getTime())));
  const read = clamp(input.readUpTo);
  const delivered = later(clamp(input.deliveredUpTo), read);

  const r = await db.serviceRequest.findUnique({ where: { id }, select: { customerId: true, agentId: true } });
  // Someone else's request answers like a missing one.
  if (!r || r.customerId !== opts.customerId) throw new AppError('not_found', 'No such request.', 'id');

  // Each mark moves on in one conditional write, so two tabs racing never move one back.
  const moveOn = async (column: 'customerDeliveredUpTo' | 'customerReadUpTo', at: Date | null) =>
    at !== null &&
    (await db.serviceRequest.updateMany({ where: { id, OR: [{ [column]: null }, { [column]: { lt: at } }] }, data: { [column]: at } })).count > 0;
  const moved = [await moveOn('customerDeliveredUpTo', delivered), await moveOn('customerReadUpTo', read)].some(Boolean);

  const stored = await db.serviceRequest.findUnique({ where: { id }, select: { agentId: true, customerDeliveredUpTo: true, customerReadUpTo: true } });
  const view: CustomerReadView = { id, deliveredUpTo: iso(stored?.customerDeliveredUpTo ?? null), readUpTo: iso(stored?.customerReadUpTo ?? null) };
  if (moved) opts.notify.customerRead({ agentId: stored?.agentId ?? r.agentId, customerId: opts.customerId }, view);
  return view;
};

/** The marks as the list views carry them. */
export const customerMarksOf = (r: { customerDeliveredUpTo: Date | null; customerReadUpTo: Date | null }) => ({
  customerDeliveredUpTo: iso(r.customerDeliveredUpTo),
  customerReadUpTo: iso(r.customerReadUpTo),
});
