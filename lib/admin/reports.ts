import type { Db } from '../db/client.ts';
import { rawOf, type Query, type Dialect } from '../db/raw.ts';
import { agentChangesSql, coveredBySql, giftsSql, handoversSql, hourlySql, ratingsSql, summarySql, type Scope, type SummaryRow } from './report-sql.ts';

/**
 * /admin/reports: a period's figures, all of them aggregates the database computes (lib/admin/report-sql.ts).
 * For one agent, the request figures are those the agent handled, and binding health is that of the agent's
 * own customers (who answered them, who covered, how long they were held): "how well does this agent keep
 * their customers", which no shared-queue helpdesk can say. Definitions: docs/decisions.md "Reports".
 */

export type Percentiles = { p50Ms: number | null; p90Ms: number | null; count: number };
export type NamedCount = { agentId: string; name: string; nameZh: string; count: number; share: number };

export type Report = {
  period: { from: string; to: string; agentId: string | null; utcOffsetMinutes: number };
  /** requests created per day of the viewer's zone; `at` is the day's start, every day of the period present */
  volume: { at: string; count: number }[];
  /** requests created per hour of day (0–23, the viewer's zone) over the period */
  volumeByHour: { hour: number; count: number }[];
  firstAnswer: Percentiles;
  resolution: Percentiles;
  ratings: { average: number | null; count: number; distribution: { stars: number; count: number }[] };
  gifts: { count: number; points: number };
  bindingHealth: {
    /** requests created in the period (for one agent: their customers' requests) */
    requests: number;
    answeredByOwnAgent: number;
    coveredShare: number;
    heldShare: number;
    heldMs: { p50: number | null; p90: number | null; count: number };
    coveredBy: NamedCount[];
    hops: { moved: number; total: number; max: number };
    agentChanges: { reason: string; count: number }[];
    handovers: { reason: string; answer: 'pending' | 'accepted' | 'chose_again' | 'cancelled' | string; count: number }[];
    customersPerAgent: { agentId: string; name: string; nameZh: string; customers: number; capacity: number }[];
  };
};

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const msOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Math.round(Number(v)));
const share = (part: number, whole: number) => (whole ? part / whole : 0);

/** Days of the viewer's zone that the period touches, each with its start as an instant. */
const daysOf = (from: Date, to: Date, offsetMs: number): number[] => {
  const days: number[] = [];
  const first = Math.floor((from.getTime() + offsetMs) / DAY_MS) * DAY_MS - offsetMs;
  for (let t = first; t < to.getTime(); t += DAY_MS) days.push(t);
  return days;
};

/** Per-hour counts (UTC hours) folded into days and hours of day of the viewer's zone. */
export const foldHours = (hours: { hour: string; n: unknown }[], opts: { from: Date; to: Date; utcOffsetMinutes: number }) => {
  const offsetMs = opts.utcOffsetMinutes * 60_000;
  const days = daysOf(opts.from, opts.to, offsetMs);
  const byDay = new Map(days.map((d) => [d, 0]));
  const byHour = Array.from({ length: 24 }, () => 0);
  for (const h of hours) {
    const at = Date.parse(`${h.hour}:00:00.000Z`);
    const n = num(h.n);
    const local = at + offsetMs;
    const day = Math.floor(local / DAY_MS) * DAY_MS - offsetMs;
    byDay.set(day, (byDay.get(day) ?? 0) + n);
    byHour[Math.floor((local % DAY_MS) / HOUR_MS)]! += n;
  }
  return {
    volume: [...byDay.entries()].sort(([a], [b]) => a - b).map(([at, count]) => ({ at: new Date(at).toISOString(), count })),
    volumeByHour: byHour.map((count, hour) => ({ hour, count })),
  };
};

/** The period's hours as [start, end) pairs in SQLite's stored form, the first and last cut to the period. */
const hourRanges = (from: Date, to: Date): string => {
  const stored = (t: number) => new Date(t).toISOString().replace('Z', '+00:00'); // as lib/db/raw.ts writes a Date
  const pairs: [string, string][] = [];
  for (let h = Math.floor(from.getTime() / HOUR_MS) * HOUR_MS; h < to.getTime(); h += HOUR_MS) pairs.push([stored(Math.max(h, from.getTime())), stored(Math.min(h + HOUR_MS, to.getTime()))]);
  return JSON.stringify(pairs);
};

const readSummary = async (q: Query, dialect: Dialect, scope: Scope, p: { from: Date; to: Date; agentId?: string; holdEnd: Date }) => {
  const params = scope === 'all' ? [p.from, p.to, p.holdEnd] : [p.from, p.to, p.agentId, p.holdEnd];
  const [row] = await q<SummaryRow>(summarySql(dialect, scope), params);
  return row!;
};

export const getReport = async (opts: { db: Db; from: Date; to: Date; agentId?: string; utcOffsetMinutes?: number; now?: Date }): Promise<Report> => {
  const { db, from, to, agentId } = opts;
  const utcOffsetMinutes = opts.utcOffsetMinutes ?? 0;
  const now = opts.now ?? new Date();
  const raw = await rawOf(db);
  const q = raw.query;
  const d = raw.dialect;
  const forAgent = agentId !== undefined;
  const base = forAgent ? [from, to, agentId] : [from, to];
  const holdEnd = new Date(Math.min(now.getTime(), to.getTime()));

  // Sequential on purpose: on SQLite they share the one connection anyway; on PostgreSQL one report
  // should not take six pool connections from the calls of customers and agents.
  const handled = await readSummary(q, d, forAgent ? 'handled' : 'all', { from, to, agentId, holdEnd });
  const own = forAgent ? await readSummary(q, d, 'own', { from, to, agentId, holdEnd }) : handled;
  const hours = await q<{ hour: string; n: unknown }>(hourlySql(d, forAgent ? 'handled' : 'all'), d === 'postgres' ? base : [hourRanges(from, to), ...(forAgent ? [agentId] : [])]);
  const covered = await q<{ agentId: string; n: unknown }>(coveredBySql(d, forAgent ? 'own' : 'all'), base);
  const stars = await q<{ stars: unknown; n: unknown }>(ratingsSql(forAgent), base);
  const [gifts] = await q<{ n: unknown; points: unknown }>(giftsSql(forAgent), base);
  const changes = await q<{ reason: string | null; n: unknown }>(agentChangesSql(forAgent), base);
  const handovers = await q<{ reason: string | null; answer: string | null; n: unknown }>(handoversSql(forAgent), base);
  const agents = await db.agent.findMany({
    where: forAgent ? { id: agentId } : {},
    select: { id: true, name: true, nameZh: true, active: true, activeBindings: true, capacity: true },
    orderBy: { name: 'asc' },
  });
  const names = new Map(agents.map((a) => [a.id, a]));
  const missing = covered.map((c) => c.agentId).filter((id) => !names.has(id));
  if (missing.length) {
    for (const a of await db.agent.findMany({ where: { id: { in: missing } }, select: { id: true, name: true, nameZh: true, active: true, activeBindings: true, capacity: true } })) names.set(a.id, a);
  }

  const ownRequests = num(own.requests);
  // Covered is counted once, by agent; answered by their own agent is what remains of the answered.
  const ownCovered = covered.reduce((a, c) => a + num(c.n), 0);
  const answeredByOwn = num(own.acknowledged) - ownCovered - num(own.ackedUnbound);
  const distribution = [1, 2, 3, 4, 5].map((s) => ({ stars: s, count: num(stars.find((r) => num(r.stars) === s)?.n) }));
  const rated = distribution.reduce((a, r) => a + r.count, 0);
  const starSum = distribution.reduce((a, r) => a + r.stars * r.count, 0);

  return {
    period: { from: from.toISOString(), to: to.toISOString(), agentId: agentId ?? null, utcOffsetMinutes },
    ...foldHours(hours, { from, to, utcOffsetMinutes }),
    firstAnswer: { p50Ms: msOrNull(handled.firstP50), p90Ms: msOrNull(handled.firstP90), count: num(handled.acknowledged) },
    resolution: { p50Ms: msOrNull(handled.resolutionP50), p90Ms: msOrNull(handled.resolutionP90), count: num(handled.resolved) },
    ratings: { average: rated ? Math.round((starSum / rated) * 100) / 100 : null, count: rated, distribution },
    gifts: { count: num(gifts?.n), points: num(gifts?.points) },
    bindingHealth: {
      requests: ownRequests,
      answeredByOwnAgent: share(answeredByOwn, ownRequests),
      coveredShare: share(ownCovered, ownRequests),
      heldShare: share(num(own.held), ownRequests),
      heldMs: { p50: msOrNull(own.heldP50), p90: msOrNull(own.heldP90), count: num(own.held) },
      coveredBy: covered
        .map((c) => ({ agentId: c.agentId, name: names.get(c.agentId)?.name ?? c.agentId, nameZh: names.get(c.agentId)?.nameZh ?? c.agentId, count: num(c.n), share: share(num(c.n), ownCovered) }))
        .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
      hops: { moved: num(handled.moved), total: num(handled.hopsTotal), max: num(handled.hopsMax) },
      agentChanges: changes.map((c) => ({ reason: c.reason ?? 'unknown', count: num(c.n) })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
      handovers: handovers
        .map((h) => ({ reason: h.reason ?? 'unknown', answer: h.answer ?? 'pending', count: num(h.n) }))
        .sort((a, b) => a.reason.localeCompare(b.reason) || a.answer.localeCompare(b.answer)),
      // The fullest first: who is near capacity is what this table is read for.
      customersPerAgent: agents
        .filter((a) => a.active || a.activeBindings > 0)
        .map((a) => ({ agentId: a.id, name: a.name, nameZh: a.nameZh, customers: a.activeBindings, capacity: a.capacity }))
        .sort((a, b) => b.customers / (b.capacity || 1) - a.customers / (a.capacity || 1) || a.name.localeCompare(b.name)),
    },
  };
};
