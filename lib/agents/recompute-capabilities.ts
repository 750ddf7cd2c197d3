import type { Db } from '../db/client.ts';
import { giveWay } from '../ops/give-way.ts';
import { CAPABILITY_CONFIG, type CapabilityConfig } from './capability-config.ts';
import { computeCapability, EMPTY_INPUTS, median, type CapabilityInputs } from './capability-score.ts';

const DAY_MS = 24 * 3600_000;

/**
 * The `capability` job: gathers each active agent's experience of the last `windowDays` (ratings,
 * acknowledgement times, resolved share, gifts), computes the score and stores it with its parts.
 * A request counts as handled once it is resolved or a day old: a fresh open one is no failure yet.
 */
export const recomputeCapabilities = async (opts: { db: Db; now: Date; config?: CapabilityConfig }) => {
  const cfg = opts.config ?? CAPABILITY_CONFIG;
  const { db, now } = opts;
  const since = new Date(now.getTime() - cfg.windowDays * DAY_MS);
  const dayAgo = new Date(now.getTime() - DAY_MS);

  const [agents, ratings, gifts, acks, handled, resolved] = await Promise.all([
    db.agent.findMany({ where: { active: true }, select: { id: true, capability: true } }),
    db.rating.groupBy({ by: ['agentId'], where: { createdAt: { gte: since, lte: now } }, _count: { _all: true }, _sum: { stars: true } }),
    db.giftSent.groupBy({ by: ['agentId'], where: { createdAt: { gte: since, lte: now } }, _count: { _all: true }, _sum: { points: true } }),
    db.serviceRequest.findMany({
      where: { createdAt: { gte: since, lte: now }, acknowledgedAt: { not: null } },
      select: { agentId: true, createdAt: true, offeredAt: true, acknowledgedAt: true },
    }),
    db.serviceRequest.groupBy({
      by: ['agentId'],
      where: { createdAt: { gte: since, lte: now }, OR: [{ status: 'resolved' }, { createdAt: { lte: dayAgo } }] },
      _count: { _all: true },
    }),
    db.serviceRequest.groupBy({ by: ['agentId'], where: { createdAt: { gte: since, lte: now }, status: 'resolved' }, _count: { _all: true } }),
  ]);

  const ackMs = new Map<string, number[]>();
  for (const r of acks) {
    const from = r.offeredAt && r.offeredAt < r.acknowledgedAt! ? r.offeredAt : r.createdAt;
    const list = ackMs.get(r.agentId) ?? [];
    list.push(Math.max(0, r.acknowledgedAt!.getTime() - from.getTime()));
    ackMs.set(r.agentId, list);
  }
  const byAgent = <T extends { agentId: string }>(rows: T[]) => new Map(rows.map((r) => [r.agentId, r]));
  const ratingsBy = byAgent(ratings);
  const giftsBy = byAgent(gifts);
  const handledBy = byAgent(handled);
  const resolvedBy = byAgent(resolved);

  const changes: { agentId: string; from: number; to: number }[] = [];
  const writes = agents.map((a) => {
    const times = ackMs.get(a.id) ?? [];
    const inputs: CapabilityInputs = {
      ratings: { count: ratingsBy.get(a.id)?._count._all ?? 0, sum: ratingsBy.get(a.id)?._sum.stars ?? 0 },
      acknowledgement: times.length ? { count: times.length, medianMs: median(times) } : EMPTY_INPUTS.acknowledgement,
      resolution: { handled: handledBy.get(a.id)?._count._all ?? 0, resolved: resolvedBy.get(a.id)?._count._all ?? 0 },
      gifts: { count: giftsBy.get(a.id)?._count._all ?? 0, points: giftsBy.get(a.id)?._sum.points ?? 0 },
    };
    const { score, parts } = computeCapability(inputs, cfg);
    if (score !== a.capability) changes.push({ agentId: a.id, from: a.capability, to: score });
    return db.agent.update({
      where: { id: a.id },
      data: {
        capability: score,
        capabilityParts: JSON.stringify(parts),
        capabilityAt: now,
      },
    });
  });
  // Chunks keep each write transaction short, and between them the job gives way to calls waiting for
  // their turn (lib/ops/give-way.ts): a recompute never makes the instance refuse calls.
  for (let i = 0; i < writes.length; i += 100) {
    await giveWay();
    await db.$transaction(writes.slice(i, i + 100));
  }
  return { agents: agents.length, changed: changes.length, changes };
};
