import type { Db } from '../db/client.ts';
import { rawOf, type Dialect, type ReadStatement } from '../db/raw.ts';
import { agentChangesSql, countsSql, coveredBySql, giftsSql, handoversSql, heldPercentilesSql, hourlySql, answerPercentilesSql, ratingsSql, type AnswerPercentilesRow, type CountsRow, type HeldPercentilesRow } from './report-sql.ts';

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

/**
 * The statements of a report, in two batches meant to run at once (getReport): every count with the time
 * held, and beside them first answer and resolution, the costliest (~60 % of the work over 1M requests;
 * docs/benchmarks.md "Reports (issue 28)"). Exported for bench:reports, which also runs them one after
 * another on the server's connection to show what the reader threads save.
 */
export const reportBatches = (d: Dialect, opts: { from: Date; to: Date; agentId?: string; now: Date }): [ReadStatement[], ReadStatement[]] => {
  const { from, to, agentId } = opts;
  const forAgent = agentId !== undefined;
  const base = forAgent ? [from, to, agentId] : [from, to];
  const withHoldEnd = [...base, new Date(Math.min(opts.now.getTime(), to.getTime()))];
  const scope = forAgent ? 'handled' : 'all';
  return [
    [
      { sql: countsSql(d, scope), params: base },
      { sql: coveredBySql(d, forAgent ? 'own' : 'all'), params: base },
      { sql: heldPercentilesSql(d, forAgent ? 'own' : 'all'), params: withHoldEnd },
      { sql: hourlySql(d, scope), params: d === 'postgres' ? base : [hourRanges(from, to), ...(forAgent ? [agentId] : [])] },
      { sql: ratingsSql(forAgent), params: base },
      { sql: giftsSql(forAgent), params: base },
      { sql: agentChangesSql(forAgent), params: base },
      { sql: handoversSql(forAgent), params: base },
      ...(forAgent ? [{ sql: countsSql(d, 'own'), params: base }] : []),
    ],
    [{ sql: answerPercentilesSql(d, scope), params: base }],
  ];
};

export const getReport = async (opts: { db: Db; from: Date; to: Date; agentId?: string; utcOffsetMinutes?: number; now?: Date }): Promise<Report> => {
  const { db, from, to, agentId } = opts;
  const utcOffsetMinutes = opts.utcOffsetMinutes ?? 0;
  const now = opts.now ?? new Date();
  const raw = await rawOf(db);
  const forAgent = agentId !== undefined;

  // Both batches at once, each seen from one snapshot (raw.readBatch): on SQLite two worker threads with
  // read-only connections — the server's own thread and connection stay free for customers and agents
  // while a report runs, and the costly percentiles take one core while everything else takes the other;
  // on PostgreSQL two pooled connections. The counts and covered-by share a snapshot: "answered by their
  // own agent" is one minus the other.
  const [counted, measured] = await Promise.all(reportBatches(raw.dialect, { from, to, agentId, now }).map((batch) => raw.readBatch(batch)));
  const [handledRows, covered, [held], hours, stars, [gifts], changes, handovers, ownRows] = counted as [
    CountsRow[],
    { agentId: string; n: unknown }[],
    HeldPercentilesRow[],
    { hour: string; n: unknown }[],
    { stars: unknown; n: unknown }[],
    { n: unknown; points: unknown }[],
    { reason: string | null; n: unknown }[],
    { reason: string | null; answer: string | null; n: unknown }[],
    CountsRow[] | undefined,
  ];
  const handled = handledRows[0]!;
  const own = ownRows?.[0] ?? handled;
  const answers = measured![0]![0] as AnswerPercentilesRow;
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
    firstAnswer: { p50Ms: msOrNull(answers.firstP50), p90Ms: msOrNull(answers.firstP90), count: num(handled.acknowledged) },
    resolution: { p50Ms: msOrNull(answers.resolutionP50), p90Ms: msOrNull(answers.resolutionP90), count: num(handled.resolved) },
    ratings: { average: rated ? Math.round((starSum / rated) * 100) / 100 : null, count: rated, distribution },
    gifts: { count: num(gifts?.n), points: num(gifts?.points) },
    bindingHealth: {
      requests: ownRequests,
      answeredByOwnAgent: share(answeredByOwn, ownRequests),
      coveredShare: share(ownCovered, ownRequests),
      heldShare: share(num(own.held), ownRequests),
      heldMs: { p50: msOrNull(held!.heldP50), p90: msOrNull(held!.heldP90), count: num(own.held) },
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
