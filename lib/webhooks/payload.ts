import type { Db } from '../db/client.ts';
import type { OutboxEvent } from '../db/generated/sqlite/client.ts';
import { toRequestView, toMessageView, MESSAGE_INCLUDE, type RequestStatus } from '../requests/request-view.ts';
import { ATTACHMENT_SELECT } from '../uploads/view.ts';
import { toRatingView } from '../ratings/rate-request.ts';
import { toGiftView } from '../gifts/send-gift.ts';
import { toBindingView } from '../binding/bind-agent.ts';
import { CALLBACK_INCLUDE, toCallbackView } from '../callbacks/callback-view.ts';

/**
 * What a delivery says: `{ id, type, createdAt, data }`, with the same views the API returns (never a
 * password hash or a session token). The outbox row holds the change as stored by the trigger; the view
 * is made from the row as it is now with the event's own fields laid over it, so a request.created sent
 * after the request moved on still says what was created. Contact details (phone, email, IM) are in a
 * separate part, added only for endpoints allowed to receive them.
 */
export type EventBody = { id: string; type: string; createdAt: string; data: Record<string, unknown> };

type Snapshot = Record<string, unknown>;

/** A timestamp as either database's JSON wrote it (SQLite: ISO with zone; PostgreSQL: no zone, UTC). */
const dateOf = (v: unknown): Date | null => {
  if (typeof v !== 'string' || !v) return null;
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`);
};
const boolOf = (v: unknown) => v === true || v === 1;

const contactOf = (c: { phone: string | null; email: string | null; im: string | null } | null) =>
  c ? { ...(c.phone ? { phone: c.phone } : {}), ...(c.email ? { email: c.email } : {}), ...(c.im ? { im: c.im } : {}) } : {};

/** The event's data, and the contact details that go with it for endpoints allowed them. */
export const buildEventData = async (db: Db, ev: Pick<OutboxEvent, 'type' | 'data'>): Promise<{ data: Record<string, unknown>; contact: (data: Record<string, unknown>) => Record<string, unknown> }> => {
  const s = JSON.parse(ev.data) as Snapshot;
  const plain = (data: Record<string, unknown>) => ({ data, contact: (d: Record<string, unknown>) => d });

  if (ev.type.startsWith('request.')) {
    const row = await db.serviceRequest.findUnique({ where: { id: String(s.id) }, include: { customer: true, attachments: { select: ATTACHMENT_SELECT } } });
    if (!row) return plain({ request: { id: s.id, status: s.status } });
    const at = {
      agentId: String(s.agentId),
      boundAgentId: (s.boundAgentId as string | null) ?? null,
      status: s.status as RequestStatus,
      holdReason: (s.holdReason as string | null) ?? null,
      waitForBound: boolOf(s.waitForBound),
      deliveredAt: dateOf(s.deliveredAt),
      acknowledgedAt: dateOf(s.acknowledgedAt),
      resolvedAt: dateOf(s.resolvedAt),
    };
    const request = toRequestView({ ...row, ...at });
    const data: Record<string, unknown> = { request, customer: { id: row.customer.id, name: row.customer.erasedAt ? '' : row.customer.name } };
    if (ev.type === 'request.routed') {
      const covered = at.boundAgentId !== null && at.agentId !== at.boundAgentId;
      data.routing = { decision: covered ? 'covered' : s.offeredAt ? 'offered' : 'held', reason: at.holdReason, agentId: at.agentId, hops: s.hops ?? 0 };
    }
    return { data, contact: (d) => ({ ...d, customer: { ...(d.customer as object), contact: contactOf(row.customer.erasedAt ? null : row.customer) } }) };
  }
  if (ev.type === 'message.created') {
    const m = await db.requestMessage.findUnique({ where: { id: String(s.id) }, include: MESSAGE_INCLUDE });
    return plain({ message: m ? toMessageView(m) : { id: s.id, requestId: s.requestId } });
  }
  if (ev.type === 'rating.created') {
    const r = await db.rating.findUnique({ where: { id: String(s.id) }, include: { customer: { select: { id: true, name: true } } } });
    return plain({ rating: r ? toRatingView(r) : { id: s.id, requestId: s.requestId, stars: s.stars } });
  }
  if (ev.type === 'gift.created') {
    const g = await db.giftSent.findUnique({ where: { id: String(s.id) }, include: { customer: { select: { id: true, name: true } } } });
    return plain({ gift: g ? toGiftView(g) : { id: s.id, giftId: s.giftId, points: s.points } });
  }
  if (ev.type.startsWith('binding.')) {
    const b = await db.binding.findUnique({ where: { id: String(s.id) } });
    if (!b) return plain({ binding: { id: s.id, customerId: s.customerId, agentId: s.agentId } });
    const { contact, ...view } = toBindingView({ ...b, endedAt: dateOf(s.endedAt), endReason: (s.endReason as string | null) ?? null });
    const data = { binding: { ...view, endReason: (s.endReason as string | null) ?? null, state: s.state ?? b.state } };
    return { data, contact: (d) => ({ ...d, binding: { ...(d.binding as object), contact } }) };
  }
  if (ev.type.startsWith('callback.')) {
    const c = await db.callback.findUnique({ where: { id: String(s.id) }, include: CALLBACK_INCLUDE });
    if (!c) return plain({ callback: { id: s.id, status: s.status } });
    const { phone, ...view } = toCallbackView(c);
    return { data: { callback: view }, contact: (d) => ({ ...d, callback: { ...(d.callback as object), phone } }) };
  }
  if (ev.type === 'agent.presence_changed') {
    const available = boolOf(s.active) && s.status === 'online' && boolOf(s.connected);
    return plain({ presence: { agentId: s.id, status: s.status, available, active: boolOf(s.active) } });
  }
  return plain(s);
};
