import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { text } from '../validation/text.ts';
import { AppError } from '../errors.ts';
import type { RequestEvents } from './events.ts';
import { readRoutingBinding, routeRequest, type Route } from './route-request.ts';
import { OPEN_STATUSES } from './request-view.ts';
import { withRowLock, type Tx } from '../db/row-lock.ts';
import { maxOpenRequests } from '../security/rate-limits.ts';
import { toAlert, toRequestView, type ServiceRequestView } from './request-view.ts';
import { toAgentCard, type AgentCard } from '../agents/agent-card.ts';
import { isUniqueViolation } from '../db/errors.ts';

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
 * agent has in hand (offered, or held as busy) — so the count and the insert are one step holding the
 * bound agent's row lock (lib/db/row-lock.ts): every request of this customer and every new request for
 * this agent waits for the one before it, on PostgreSQL's concurrent connections as on SQLite's one.
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
  const maxOpen = opts.maxOpen ?? maxOpenRequests();

  const replay = async (reader: Db | Tx) => {
    const existing = await reader.serviceRequest.findUnique({
      where: { customerId_idempotencyKey: { customerId, idempotencyKey: key.data } },
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
  const binding = await readRoutingBinding(db, customerId);
  if (!binding) {
    // e.g. the binding ended since: a replay of a stored request is still answered with it.
    const earlier = await replay(db);
    if (earlier) return replayed(earlier);
    throw new AppError('no_binding', 'You have no exclusive agent yet. Find one first.', 'customer');
  }
  const now = opts.now ?? new Date();
  let step: { earlier: NonNullable<Awaited<ReturnType<typeof replay>>> } | { stored: Awaited<ReturnType<Db['serviceRequest']['create']>>; route: Route };
  try {
    step = await withRowLock(db, { table: 'Agent', id: binding.agent.id }, async (tx) => {
      const open = await tx.serviceRequest.count({ where: { customerId, status: { in: [...OPEN_STATUSES] } } });
      if (open >= maxOpen) {
        // Full: a retry of a request already stored (same Idempotency-Key) is still answered with it.
        const earlier = await replay(tx);
        if (earlier) return { earlier };
        throw new AppError(
          'too_many_open_requests',
          `You already have ${open} open requests. Please wait for an answer before sending another.`,
          'message',
          { 'retry-after': '60' },
        );
      }
      const route = await routeRequest({ db: tx, binding, locale });
      const stored = await tx.serviceRequest.create({
        data: {
          customerId,
          agentId: route.agentId,
          boundAgentId: route.boundAgentId,
          bindingId: route.bindingId,
          message,
          idempotencyKey: key.data,
          // Only an offer starts the accept timeout; a held request waits for its agent.
          offeredAt: route.decision === 'held' ? null : now,
          holdReason: route.decision === 'held' ? (route.reason ?? 'agent_offline') : null,
          hops: route.decision === 'covered' ? 1 : 0,
          locale,
          createdAt: now,
        },
        // No include: one INSERT … RETURNING; the customer was read with the binding.
      });
      return { stored, route };
    });
  } catch (err) {
    // The key was used before (a retry after a lost answer, or two identical submissions racing).
    if (!isUniqueViolation(err)) throw err;
    const earlier = await replay(db);
    if (!earlier) throw err;
    return replayed(earlier);
  }
  if ('earlier' in step) return replayed(step.earlier);
  const { stored, route } = step;
  // A held request alerts nobody: it is offered when its agent is available again (follow-presence.ts).
  const alert = toAlert({ ...stored, customer: route.customer, boundAgent: route.boundAgent });
  if (route.decision !== 'held') opts.notify.alertAgent(stored.agentId, alert);
  else opts.notify.requestHeld(stored.agentId, alert);
  const agent = toAgentCard(route.agent);
  const routing: Routing = {
    decision: route.decision,
    ...(stored.holdReason ? { reason: stored.holdReason } : {}),
    agent,
    boundAgent: route.agent === route.boundAgent ? agent : toAgentCard(route.boundAgent),
  };
  return { request: toRequestView(stored), created: true, routing };
};
