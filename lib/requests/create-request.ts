import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { text } from '../validation/text.ts';
import { AppError } from '../errors.ts';
import type { RequestEvents } from './events.ts';
import { readRoutingBinding, routeRequest, type Route } from './route-request.ts';
import { OPEN_STATUSES } from './request-view.ts';
import { withRowLock, type Tx } from '../db/row-lock.ts';
import { rawOf } from '../db/raw.ts';
import { insertRequest, readRoute } from './hot-path-sql.ts';
import { decideInitialRoute } from './routing-policy.ts';
import { toAgentFacts } from '../agents/agent-facts.ts';
import { maxOpenRequests } from '../security/rate-limits.ts';
import { toAlert, toRequestView, type ServiceRequestView } from './request-view.ts';
import { toAgentCard, type AgentCard } from '../agents/agent-card.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { attachmentTaken, attachToRequestSql, attachUploads, checkAttachable, holdAttachableSql, parseAttachmentIds } from '../uploads/uploads.ts';
import { ATTACHMENT_SELECT, type AttachmentRow } from '../uploads/view.ts';

export const requestInputSchema = z.object({
  message: text({ multiline: true }).pipe(z.string().min(1, 'is required').max(2000, 'is too long (2000 characters at most)')),
});

const keySchema = z.string().trim().min(8).max(128).regex(/^[A-Za-z0-9_.:-]+$/);

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** What the customer is told about who will answer, so the UI can be honest about a wait. */
export type Routing = {
  decision: 'offered' | 'held' | 'covered';
  reason?: string;
  agent: AgentCard;
  boundAgent: AgentCard | null;
};

/** Who has the request now and why, from what is stored (never from what was hoped). */
const describeRouting = async (db: Db, r: { agentId: string; boundAgentId: string | null; holdReason: string | null }): Promise<Routing> => {
  const ids = [r.agentId, ...(r.boundAgentId && r.boundAgentId !== r.agentId ? [r.boundAgentId] : [])];
  const agents = new Map((await db.agent.findMany({ where: { id: { in: ids } } })).map((a) => [a.id, toAgentCard(a)]));
  const decision = r.boundAgentId && r.agentId !== r.boundAgentId ? 'covered' : r.holdReason ? 'held' : 'offered';
  return {
    decision,
    ...(r.holdReason ? { reason: r.holdReason } : {}),
    agent: agents.get(r.agentId)!,
    boundAgent: r.boundAgentId ? (agents.get(r.boundAgentId) ?? null) : null,
  };
};

/**
 * S4/S5: stores the request first, routes it to the customer's exclusive agent, then alerts that agent.
 * The same Idempotency-Key returns the stored request and alerts nobody again, so a retry after a
 * lost answer (or an offline queue replaying) can never create a duplicate.
 *
 * Two limits are counted before the insert — the customer's open requests (`maxOpen`) and what the bound
 * agent has in hand (offered, or held as busy) — so the read and the insert are one step holding the bound
 * agent's row lock on PostgreSQL (on SQLite, the one connection): every request of this customer and every
 * new request for this agent waits for the one before it, and the insert counts both again (issue 26).
 * The usual path is two statements on the driver (hot-path-sql.ts, issue 27); a cover for an agent who
 * left goes through Prisma (createCovered).
 */
export const createServiceRequest = async (opts: {
  db: Db;
  notify: RequestEvents;
  customerId: string;
  idempotencyKey: string | null | undefined;
  input: unknown;
  /** the app's language when the request was made: a cover must speak it */
  locale?: string;
  /** requests a customer may have open at once (MAX_OPEN_REQUESTS_PER_CUSTOMER) */
  maxOpen?: number;
  now?: Date;
}): Promise<{ request: ServiceRequestView; created: boolean; routing: Routing }> => {
  const { db, customerId } = opts;
  const key = keySchema.safeParse(opts.idempotencyKey ?? '');
  if (!key.success) {
    throw new AppError('invalid_input', `${IDEMPOTENCY_HEADER} header is required: 8–128 letters, digits, _ . : -`, IDEMPOTENCY_HEADER);
  }
  const { message } = requestInputSchema.parse(opts.input);
  // Issue 30: files uploaded first, sent with the words (each once, only the customer's own).
  const attachments = parseAttachmentIds((opts.input as { attachments?: unknown } | null)?.attachments);
  const maxOpen = opts.maxOpen ?? maxOpenRequests();

  const replay = async (reader: Db | Tx) => {
    const existing = await reader.serviceRequest.findUnique({
      where: { customerId_idempotencyKey: { customerId, idempotencyKey: key.data } },
      include: { attachments: { select: ATTACHMENT_SELECT } },
    });
    if (existing && existing.message !== message) {
      throw new AppError('conflict', `This ${IDEMPOTENCY_HEADER} was already used for a different message.`, IDEMPOTENCY_HEADER);
    }
    return existing;
  };

  const replayed = async (r: NonNullable<Awaited<ReturnType<typeof replay>>>) => ({ request: toRequestView(r), created: false, routing: await describeRouting(db, r) });

  // The hot path reads nothing twice: no look-up of the key first — the unique index answers a
  // replay when the insert collides (replays are rare; they pay the extra reads).
  const locale = opts.locale === 'en' ? 'en' : 'zh-CN';
  const now = opts.now ?? new Date();
  const full = (open: number) =>
    new AppError('too_many_open_requests', `You already have ${open} open requests. Please wait for an answer before sending another.`, 'message', { 'retry-after': '60' });

  // Files already sent (or not this customer's) are answered in words before anything is stored — unless this
  // is a retry of the request that took them.
  if (attachments.length) {
    try {
      await checkAttachable(db, customerId, attachments);
    } catch (err) {
      const earlier = await replay(db);
      if (earlier) return replayed(earlier);
      throw err;
    }
  }

  // The usual path: one step on the driver (lib/db/raw.ts) — the route read (taking the bound agent's
  // lock on PostgreSQL) and one conditional INSERT that counts both limits again.
  const raw = await rawOf(db);
  let step: Awaited<ReturnType<typeof usualStep>>;
  const usualStep = () =>
    raw.step(async (q) => {
      const read = await readRoute(db, q, raw.dialect, customerId);
      if (!read) return { kind: 'no_binding' as const };
      if (read.openForCustomer >= maxOpen) return { kind: 'full' as const, open: read.openForCustomer };
      // Availability without the load: whether they have room is counted by the insert itself.
      const decision = decideInitialRoute(toAgentFacts(read.agent, 0));
      if (decision.kind === 'cover') return { kind: 'cover' as const };
      if (attachments.length && !(await holdAttachableSql(q, raw.dialect, customerId, attachments))) return { kind: 'taken' as const };
      const stored = await insertRequest(db, q, raw.dialect, {
        customerId,
        agentId: read.agent.id,
        bindingId: read.bindingId,
        message,
        idempotencyKey: key.data,
        locale,
        now,
        offerIfRoom: decision.kind === 'offer',
        holdReason: decision.kind === 'hold' ? decision.reason : null,
        maxOpen,
      });
      if (!stored) return { kind: 'full' as const, open: maxOpen };
      const attached = attachments.length ? await attachToRequestSql(db, q, { requestId: stored.id, customerId, ids: attachments, now }) : [];
      return { kind: 'stored' as const, stored: { ...stored, attachments: attached }, read };
    });
  try {
    step = await usualStep();
  } catch (err) {
    // The key was used before (a retry after a lost answer, or two identical submissions racing).
    if (!isUniqueViolation(err)) throw err;
    const earlier = await replay(db);
    if (!earlier) throw err;
    return replayed(earlier);
  }
  if (step.kind === 'no_binding' || step.kind === 'full' || step.kind === 'taken') {
    // A retry of a request already stored (same Idempotency-Key) is still answered with it — also when
    // the binding ended since or the customer is full now.
    const earlier = await replay(db);
    if (earlier) return replayed(earlier);
    if (step.kind === 'full') throw full(step.open);
    if (step.kind === 'taken') throw attachmentTaken();
    throw new AppError('no_binding', 'You have no exclusive agent yet. Find one first.', 'customer');
  }
  if (step.kind === 'cover') return createCovered({ db, notify: opts.notify, customerId, message, attachments, key: key.data, locale, maxOpen, now, replay, replayed, full });

  const { stored, read } = step;
  // A held request alerts nobody: it is offered when its agent is available again (follow-presence.ts).
  const alert = toAlert({ ...stored, customer: read.customer, boundAgent: read.agent });
  if (stored.offeredAt) opts.notify.alertAgent(stored.agentId, alert);
  else opts.notify.requestHeld(stored.agentId, alert);
  const agent = toAgentCard(read.agent);
  const routing: Routing = { decision: stored.offeredAt ? 'offered' : 'held', ...(stored.holdReason ? { reason: stored.holdReason } : {}), agent, boundAgent: agent };
  return { request: toRequestView(stored), created: true, routing };
};

type Stored = Awaited<ReturnType<Db['serviceRequest']['create']>> & { attachments: AttachmentRow[] };

/**
 * The bound agent left: the request goes to the best available cover. A rare path, through Prisma: the
 * count and the insert are one step holding the bound agent's row lock (lib/db/row-lock.ts).
 */
const createCovered = async (o: {
  db: Db;
  notify: RequestEvents;
  customerId: string;
  message: string;
  attachments: string[];
  key: string;
  locale: string;
  maxOpen: number;
  now: Date;
  replay: (reader: Db | Tx) => Promise<Stored | null>;
  replayed: (r: Stored) => Promise<{ request: ServiceRequestView; created: boolean; routing: Routing }>;
  full: (open: number) => AppError;
}): Promise<{ request: ServiceRequestView; created: boolean; routing: Routing }> => {
  const { db, customerId } = o;
  const binding = await readRoutingBinding(db, customerId);
  if (!binding) {
    const earlier = await o.replay(db);
    if (earlier) return o.replayed(earlier);
    throw new AppError('no_binding', 'You have no exclusive agent yet. Find one first.', 'customer');
  }
  let step: { earlier: Stored } | { stored: Stored; route: Route };
  try {
    step = await withRowLock(db, { table: 'Agent', id: binding.agent.id }, async (tx) => {
      const open = await tx.serviceRequest.count({ where: { customerId, status: { in: [...OPEN_STATUSES] } } });
      if (open >= o.maxOpen) {
        const earlier = await o.replay(tx);
        if (earlier) return { earlier };
        throw o.full(open);
      }
      const route = await routeRequest({ db: tx, binding, locale: o.locale });
      const stored = await tx.serviceRequest.create({
        data: {
          customerId,
          agentId: route.agentId,
          boundAgentId: route.boundAgentId,
          bindingId: route.bindingId,
          message: o.message,
          idempotencyKey: o.key,
          // Only an offer starts the accept timeout; a held request waits for its agent.
          offeredAt: route.decision === 'held' ? null : o.now,
          firstOfferedAt: route.decision === 'held' ? null : o.now,
          holdReason: route.decision === 'held' ? (route.reason ?? 'agent_offline') : null,
          hops: route.decision === 'covered' ? 1 : 0,
          locale: o.locale,
          createdAt: o.now,
        },
      });
      if (!(await attachUploads(tx, { customerId, ids: o.attachments, to: { requestId: stored.id }, now: o.now }))) throw attachmentTaken();
      const attached = o.attachments.length ? await tx.upload.findMany({ where: { requestId: stored.id }, select: ATTACHMENT_SELECT }) : [];
      return { stored: { ...stored, attachments: attached }, route };
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const earlier = await o.replay(db);
    if (!earlier) throw err;
    return o.replayed(earlier);
  }
  if ('earlier' in step) return o.replayed(step.earlier);
  const { stored, route } = step;
  const notify = o.notify;
  const alert = toAlert({ ...stored, customer: route.customer, boundAgent: route.boundAgent });
  if (route.decision !== 'held') notify.alertAgent(stored.agentId, alert);
  else notify.requestHeld(stored.agentId, alert);
  const agent = toAgentCard(route.agent);
  const routing: Routing = {
    decision: route.decision,
    ...(stored.holdReason ? { reason: stored.holdReason } : {}),
    agent,
    boundAgent: route.agent === route.boundAgent ? agent : toAgentCard(route.boundAgent),
  };
  return { request: toRequestView(stored), created: true, routing };
};
