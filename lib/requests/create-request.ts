import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { text } from '../validation/text.ts';
import { AppError } from '../errors.ts';
import type { Notifier } from '../realtime/notifier.ts';
import { routeRequest } from './route-request.ts';
import { ALERT_INCLUDE, toAlert, toRequestView, type ServiceRequestView } from './request-view.ts';
import { toAgentCard, type AgentCard } from '../agents/agent-card.ts';

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

const describeRouting = async (db: Db, r: { agentId: string; boundAgentId: string | null; status: string; offeredAt: Date | null }, reason?: string): Promise<Routing> => {
  const ids = [r.agentId, ...(r.boundAgentId && r.boundAgentId !== r.agentId ? [r.boundAgentId] : [])];
  const agents = new Map((await db.agent.findMany({ where: { id: { in: ids } } })).map((a) => [a.id, toAgentCard(a)]));
  const decision = r.boundAgentId && r.agentId !== r.boundAgentId ? 'covered' : r.offeredAt || r.status !== 'pending' ? 'offered' : 'held';
  return {
    decision,
    ...(reason ? { reason } : decision === 'held' ? { reason: `agent_${agents.get(r.agentId)?.status ?? 'offline'}` } : {}),
    agent: agents.get(r.agentId)!,
    boundAgent: r.boundAgentId ? (agents.get(r.boundAgentId) ?? null) : null,
  };
};

const isUniqueViolation = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && 'code' in err && (err as { code?: string }).code === 'P2002';

/**
 * S4/S5: stores the request first, routes it to the customer's exclusive agent, then alerts that agent.
 * The same Idempotency-Key returns the stored request and alerts nobody again, so a retry after a
 * lost answer (or an offline queue replaying) can never create a duplicate.
 */
export const createServiceRequest = async (opts: {
  db: Db;
  notify: Notifier;
  customerId: string;
  idempotencyKey: string | null | undefined;
  input: unknown;
  now?: Date;
}): Promise<{ request: ServiceRequestView; created: boolean; routing: Routing }> => {
  const { db, customerId } = opts;
  const key = keySchema.safeParse(opts.idempotencyKey ?? '');
  if (!key.success) {
    throw new AppError('invalid_input', `${IDEMPOTENCY_HEADER} header is required: 8–128 letters, digits, _ . : -`, IDEMPOTENCY_HEADER);
  }
  const { message } = requestInputSchema.parse(opts.input);

  const replay = async () => {
    const existing = await db.serviceRequest.findUnique({
      where: { customerId_idempotencyKey: { customerId, idempotencyKey: key.data } },
    });
    if (existing && existing.message !== message) {
      throw new AppError('conflict', `This ${IDEMPOTENCY_HEADER} was already used for a different message.`, IDEMPOTENCY_HEADER);
    }
    return existing;
  };

  const earlier = await replay();
  if (earlier) return { request: toRequestView(earlier), created: false, routing: await describeRouting(db, earlier) };

  const route = await routeRequest({ db, customerId });
  const now = opts.now ?? new Date();
  let stored;
  try {
    stored = await db.serviceRequest.create({
      data: {
        customerId,
        agentId: route.agentId,
        boundAgentId: route.boundAgentId,
        bindingId: route.bindingId,
        message,
        idempotencyKey: key.data,
        // Only an offer starts the accept timeout; a held request waits for its agent.
        offeredAt: route.decision === 'held' ? null : now,
        createdAt: now,
      },
      include: ALERT_INCLUDE,
    });
  } catch (err) {
    // Two identical submissions raced: the other one won; answer with its request.
    if (!isUniqueViolation(err)) throw err;
    const winner = await replay();
    if (!winner) throw err;
    return { request: toRequestView(winner), created: false, routing: await describeRouting(db, winner) };
  }
  // A held request still reaches any tab the bound agent has open (e.g. while "away").
  opts.notify.alertAgent(stored.agentId, toAlert(stored));
  return { request: toRequestView(stored), created: true, routing: await describeRouting(db, stored, route.reason) };
};
