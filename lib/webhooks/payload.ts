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

type Built = { data: Record<string, unknown>; contact: (data: Record<string, unknown>) => Record<string, unknown> };

/** Which table an event's subject lives in (the rest carry all they say in the outbox row). */
const subjectOf = (type: string) =>
  type.startsWith('request.') ? 'request' : type === 'message.created' ? 'message' : type === 'rating.created' ? 'rating' : type === 'gift.created' ? 'gift' : type.startsWith('binding.') ? 'binding' : type.startsWith('callback.') ? 'callback' : null;
type Subject = NonNullable<ReturnType<typeof subjectOf>>;

/** One read per kind of subject for a whole batch (ids in one `IN`), instead of one per event. */
const loadSubjects = async (db: Db, events: readonly Pick<OutboxEvent, 'type' | 'data'>[]) => {
  const ids: Record<Subject, Set<string>> = { request: new Set(), message: new Set(), rating: new Set(), gift: new Set(), binding: new Set(), callback: new Set() };
  for (const ev of events) {
    const kind = subjectOf(ev.type);
    if (kind) ids[kind].add(String((JSON.parse(ev.data) as Snapshot).id));
  }
  const inIds = (k: Subject) => ({ where: { id: { in: [...ids[k]] } } });
  const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
  const none = Promise.resolve([] as never[]);
  const [requests, messages, ratings, gifts, bindings, callbacks] = await Promise.all([
    ids.request.size ? db.serviceRequest.findMany({ ...inIds('request'), include: { customer: true, attachments: { select: ATTACHMENT_SELECT } } }) : none,
    ids.message.size ? db.requestMessage.findMany({ ...inIds('message'), include: MESSAGE_INCLUDE }) : none,
    ids.rating.size ? db.rating.findMany({ ...inIds('rating'), include: { customer: { select: { id: true, name: true } } } }) : none,
    ids.gift.size ? db.giftSent.findMany({ ...inIds('gift'), include: { customer: { select: { id: true, name: true } } } }) : none,
    ids.binding.size ? db.binding.findMany(inIds('binding')) : none,
    ids.callback.size ? db.callback.findMany({ ...inIds('callback'), include: CALLBACK_INCLUDE }) : none,
  ]);
  return { request: byId(requests), message: byId(messages), rating: byId(ratings), gift: byId(gifts), binding: byId(bindings), callback: byId(callbacks) };
};
type Subjects = Awaited<ReturnType<typeof loadSubjects>>;

/**
 * The data of each event of a batch (by position), and the contact details that go with it for endpoints
 * allowed them. The subjects are read once for the batch: a request makes four events, and the worker
 * fans out up to 200 at a time.
 */
export const buildEventsData = async (db: Db, events: readonly Pick<OutboxEvent, 'type' | 'data'>[]): Promise<Built[]> => {
  const subjects = events.length ? await loadSubjects(db, events) : null;
  return events.map((ev) => buildOne(ev, subjects!));
};

/** One event's data (the "send a test event" path and tests). */
export const buildEventData = async (db: Db, ev: Pick<OutboxEvent, 'type' | 'data'>): Promise<Built> => (await buildEventsData(db, [ev]))[0]!;

const buildOne = (ev: Pick<OutboxEvent, 'type' | 'data'>, subjects: Subjects): Built => {
  const s = JSON.parse(ev.data) as Snapshot;
  const plain = (data: Record<string, unknown>) => ({ data, contact: (d: Record<string, unknown>) => d });
  const id = String(s.id);

  if (ev.type.startsWith('request.')) {
    const row = subjects.request.get(id);
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
    const m = subjects.message.get(id);
    return plain({ message: m ? toMessageView(m) : { id: s.id, requestId: s.requestId } });
  }
  if (ev.type === 'rating.created') {
    const r = subjects.rating.get(id);
    return plain({ rating: r ? toRatingView(r) : { id: s.id, requestId: s.requestId, stars: s.stars } });
  }
  if (ev.type === 'gift.created') {
    const g = subjects.gift.get(id);
    return plain({ gift: g ? toGiftView(g) : { id: s.id, giftId: s.giftId, points: s.points } });
  }
  if (ev.type.startsWith('binding.')) {
    const b = subjects.binding.get(id);
    if (!b) return plain({ binding: { id: s.id, customerId: s.customerId, agentId: s.agentId } });
    const { contact, ...view } = toBindingView({ ...b, endedAt: dateOf(s.endedAt), endReason: (s.endReason as string | null) ?? null });
    const data = { binding: { ...view, endReason: (s.endReason as string | null) ?? null, state: s.state ?? b.state } };
    return { data, contact: (d) => ({ ...d, binding: { ...(d.binding as object), contact } }) };
  }
  if (ev.type.startsWith('callback.')) {
    const c = subjects.callback.get(id);
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
