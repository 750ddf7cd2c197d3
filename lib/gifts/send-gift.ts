import { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { Customer, GiftSent } from '../db/generated/sqlite/client.ts';
import { AppError } from '../errors.ts';
import type { GiftEvents } from './events.ts';
import type { GiftView } from './gift-view.ts';
import { getActiveBinding } from '../binding/get-active-binding.ts';
import { findGift, GIFTS } from './catalogue.ts';
import { DEFAULT_GIFTS_PER_DAY, GIFT_WINDOW_MS, giftAllowance } from './gift-limit.ts';
import { freeText } from '../validation/text.ts';
import { withRowLock } from '../db/row-lock.ts';

export const sendGiftSchema = z.object({
  giftId: z.string({ error: 'is required' }).min(1, 'is required').max(40).refine((id) => !!findGift(id), { message: `must be one of ${GIFTS.map((g) => g.id).join(', ')}` }),
  note: freeText(280)
    .optional()
    .transform((n) => (n ? n : null)),
});

export const toGiftView = (g: GiftSent & { customer: Pick<Customer, 'id' | 'name'> }): GiftView => {
  const gift = findGift(g.giftId);
  return {
    id: g.id,
    giftId: g.giftId,
    name: gift?.name ?? g.giftId,
    nameZh: gift?.nameZh ?? g.giftId,
    icon: gift?.icon ?? '/gifts/star.svg',
    points: g.points,
    note: g.note,
    agentId: g.agentId,
    customer: { id: g.customer.id, name: g.customer.name },
    createdAt: g.createdAt.toISOString(),
  };
};

const limitError = (retryAfterSeconds: number, perDay: number) =>
  new AppError('rate_limited', `You can send ${perDay} gifts a day. Please try again later.`, 'giftId', { 'retry-after': String(retryAfterSeconds) });

/**
 * A customer sends their exclusive agent a virtual gift. It is written to the ledger and the agent's
 * totals in one transaction, then the agent's console is told live. Past the daily limit: 429.
 */
export const sendGift = async (opts: { db: Db; notify: GiftEvents; customerId: string; input: unknown; now?: Date; perDay?: number }): Promise<GiftView> => {
  const { giftId, note } = sendGiftSchema.parse(opts.input);
  const gift = findGift(giftId)!;
  const now = opts.now ?? new Date();
  const perDay = opts.perDay ?? DEFAULT_GIFTS_PER_DAY;
  const binding = await getActiveBinding({ db: opts.db, customerId: opts.customerId });
  if (!binding) throw new AppError('no_binding', 'Choose your exclusive agent first; gifts go to them.', 'agent');

  const recent = async (db: Pick<Db, 'giftSent'>) =>
    (await db.giftSent.findMany({ where: { customerId: opts.customerId, createdAt: { gt: new Date(now.getTime() - GIFT_WINDOW_MS) } }, select: { createdAt: true } })).map((g) => g.createdAt);

  // Count, then write, as one step holding the customer's row lock: ten sends at once are counted one
  // after the other (at READ COMMITTED a write-then-recount does not see the others' uncommitted rows).
  const sent = await withRowLock(opts.db, { table: 'Customer', id: opts.customerId }, async (tx) => {
    const verdict = giftAllowance({ sentAt: await recent(tx), now, perDay });
    if (!verdict.allowed) throw limitError(verdict.retryAfterSeconds, perDay);
    const row = await tx.giftSent.create({
      data: { customerId: opts.customerId, agentId: binding.agentId, giftId, points: gift.points, note, createdAt: now },
      include: { customer: { select: { id: true, name: true } } },
    });
    await tx.agent.update({ where: { id: binding.agentId }, data: { giftCount: { increment: 1 }, giftPoints: { increment: gift.points } } });
    return row;
  });
  const view = toGiftView(sent);
  opts.notify.giftReceived(sent.agentId, view);
  return view;
};
