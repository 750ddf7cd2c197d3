import type { Dialect } from '../db/raw.ts';

/**
 * The statements of /admin/reports: aggregates the database computes over an index range, in both
 * dialects. Nothing here reads a row per request into Node; what comes back is one summary row, at most
 * one row per hour of the period, and a few grouped rows (definitions: docs/decisions.md "Reports").
 *
 * Dates: SQLite stores a DateTime as ISO text with its zone (lib/db/raw.ts), so a period is a text range
 * on the index and an hour is the text's first 13 characters; a duration is `julianday` arithmetic.
 * PostgreSQL stores timestamp(3): `date_trunc`, `EXTRACT(EPOCH …)`. Percentiles are `percentile_cont` in
 * both (SQLite's built-in percentile functions, present in the SQLite better-sqlite3 bundles), the same
 * linear interpolation between the two nearest values.
 *
 * Parameters: $1 from (inclusive), $2 to (exclusive), $3 the agent when the report is for one agent, then
 * (held time only) the end of a hold still running (min(now, to)). PostgreSQL wants every parameter used.
 */

/** Whose requests: all; those one agent handled; those of one agent's own customers (binding health). */
export type Scope = 'all' | 'handled' | 'own';

const ms = (d: Dialect, later: string, earlier: string) =>
  d === 'sqlite' ? `((julianday(${later}) - julianday(${earlier})) * 86400000.0)` : `(EXTRACT(EPOCH FROM (${later} - ${earlier})) * 1000)::float8`;
const percentile = (d: Dialect, expr: string, p: number) => (d === 'sqlite' ? `percentile_cont(${expr}, ${p})` : `percentile_cont(${p}) WITHIN GROUP (ORDER BY ${expr})`);
const count = (cond: string) => `SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END)`;
const end = (d: Dialect, scope: Scope) => {
  const p = scope === 'all' ? '$3' : '$4';
  return d === 'postgres' ? `${p}::timestamp(3)` : p;
};

const period = (scope: Scope, column = '"createdAt"') =>
  [`${column} >= $1 AND ${column} < $2`, scope === 'handled' ? '"agentId" = $3' : scope === 'own' ? '"boundAgentId" = $3' : ''].filter(Boolean).join(' AND ');

/** Request figures are taken in the DB over this, so "answered", "covered" and "held" read the same everywhere. */
const ACKED = '"acknowledgedAt" IS NOT NULL';
const COVERED = `${ACKED} AND "boundAgentId" IS NOT NULL AND "agentId" <> "boundAgentId"`;
/**
 * Held: first offered after it was made, or not offered yet. A request answered or resolved with no
 * first offer recorded was made before the column existed (or by the demo history): whether it was held
 * is unknown, and counting it held until now would swamp the figure, so it is not counted.
 */
const HELD = '("firstOfferedAt" > "createdAt" OR ("firstOfferedAt" IS NULL AND "acknowledgedAt" IS NULL AND "resolvedAt" IS NULL))';

const texts = new Map<string, string>();
const once = (key: string, make: () => string) => {
  let t = texts.get(key);
  if (!t) texts.set(key, (t = make()));
  return t;
};

type Count = number | bigint | string | null;
export type CountsRow = {
  requests: Count;
  acknowledged: Count;
  resolved: Count;
  /** acknowledged with no bound agent (theirs was removed): with covered-by's total, gives "own" */
  ackedUnbound: Count;
  held: Count;
  moved: Count;
  hopsTotal: Count;
  hopsMax: Count;
};
export type AnswerPercentilesRow = { firstP50: number | null; firstP90: number | null; resolutionP50: number | null; resolutionP90: number | null };
export type HeldPercentilesRow = { heldP50: number | null; heldP90: number | null };

/**
 * One row of counts over the period's index range, straight from the columns (no date is parsed: "held"
 * compares the stored texts, which sort in time order). "Covered" is counted once, by coveredBySql (its
 * total), and "own" follows: acknowledged − covered − acknowledged with no bound agent. Parameters: $1, $2
 * and the agent ($3) for a scope other than 'all'.
 */
export const countsSql = (d: Dialect, scope: Scope) =>
  once(`counts:${d}:${scope}`, () => {
    const hops = '"hops"';
    return (
      `SELECT COUNT(*) AS "requests", ${count(ACKED)} AS "acknowledged", ${count('"resolvedAt" IS NOT NULL')} AS "resolved", ${count(`${ACKED} AND "boundAgentId" IS NULL`)} AS "ackedUnbound",` +
      ` ${count(HELD)} AS "held", ${count(`${hops} > 0`)} AS "moved", SUM(${hops}) AS "hopsTotal", MAX(${hops}) AS "hopsMax"` +
      ` FROM "ServiceRequest" WHERE ${period(scope)}`
    );
  });

/**
 * First answer and resolution, p50 and p90, in one pass over the period's index range: the costliest
 * statement of a report (each exact percentile collects its values and sorts them), so it runs beside all
 * the others, not after them (lib/admin/reports.ts). Parameters as countsSql's.
 * On SQLite the durations are computed in a subquery that `LIMIT -1` keeps from being flattened into the
 * aggregate (a co-routine): each `julianday` is parsed once per row instead of once per aggregate using it,
 * which measured 0.7 s instead of 1.9 s over 1M requests (docs/benchmarks.md "Reports (issue 28)").
 */
export const answerPercentilesSql = (d: Dialect, scope: Scope) =>
  once(`answers:${d}:${scope}`, () => {
    const both = (first: string, resolution: string) =>
      `SELECT ${percentile(d, first, 0.5)} AS "firstP50", ${percentile(d, first, 0.9)} AS "firstP90",` +
      ` ${percentile(d, resolution, 0.5)} AS "resolutionP50", ${percentile(d, resolution, 0.9)} AS "resolutionP90"`;
    if (d === 'postgres') return `${both(ms(d, '"acknowledgedAt"', '"createdAt"'), ms(d, '"resolvedAt"', '"createdAt"'))} FROM "ServiceRequest" WHERE ${period(scope)}`;
    return (
      `${both('(a - c) * 86400000.0', '(r - c) * 86400000.0')}` +
      ` FROM (SELECT julianday("createdAt") AS c, julianday("acknowledgedAt") AS a, julianday("resolvedAt") AS r FROM "ServiceRequest" WHERE ${period(scope)} LIMIT -1)`
    );
  });

/**
 * Time held, p50 and p90 (a hold still running counts until min(now, to)). Parameters as countsSql's, then
 * that end. On SQLite, the same co-routine as answerPercentilesSql's.
 */
export const heldPercentilesSql = (d: Dialect, scope: Scope) =>
  once(`held:${d}:${scope}`, () => {
    const heldMs = `CASE WHEN ${HELD} THEN ${ms(d, `COALESCE("firstOfferedAt", ${end(d, scope)})`, '"createdAt"')} END`;
    const both = (held: string) => `SELECT ${percentile(d, held, 0.5)} AS "heldP50", ${percentile(d, held, 0.9)} AS "heldP90"`;
    if (d === 'postgres') return `${both(heldMs)} FROM "ServiceRequest" WHERE ${period(scope)}`;
    return `${both('held')} FROM (SELECT ${heldMs} AS held FROM "ServiceRequest" WHERE ${period(scope)} LIMIT -1)`;
  });

/**
 * Requests per hour (UTC, `YYYY-MM-DDTHH`): days and hours of day in any whole-hour zone are sums of these.
 * PostgreSQL groups by `date_trunc`. SQLite would sort the whole range to group it (0.35 s over 1M), so it
 * counts each hour as its own index range instead, the hours given as a JSON array of [start, end) pairs
 * ($1; the agent is $2): 0.07 s.
 */
export const hourlySql = (d: Dialect, scope: Exclude<Scope, 'own'>) =>
  once(`hourly:${d}:${scope}`, () => {
    if (d === 'postgres') return `SELECT to_char(date_trunc('hour', "createdAt"), 'YYYY-MM-DD"T"HH24') AS "hour", COUNT(*) AS "n" FROM "ServiceRequest" WHERE ${period(scope)} GROUP BY 1`;
    const start = `json_extract(j.value, '$[0]')`;
    return (
      `SELECT substr(${start}, 1, 13) AS "hour", (SELECT COUNT(*) FROM "ServiceRequest" s WHERE s."createdAt" >= ${start} AND s."createdAt" < json_extract(j.value, '$[1]')` +
      `${scope === 'handled' ? ' AND s."agentId" = $2' : ''}) AS "n" FROM json_each($1) j`
    );
  });

/** Covered requests by the agent who took them. */
/** SQLite: `+"agentId"` keeps the planner on the period's covering index instead of walking the agentId index (1.35 s → 0.1 s). */
export const coveredBySql = (d: Dialect, scope: Exclude<Scope, 'handled'>) =>
  once(`coveredBy:${d}:${scope}`, () => `SELECT "agentId", COUNT(*) AS "n" FROM "ServiceRequest" WHERE ${period(scope)} AND ${COVERED} GROUP BY ${d === 'sqlite' ? '+"agentId"' : '"agentId"'}`);

const byAgent = (forAgent: boolean) => (forAgent ? ' AND "agentId" = $3' : '');

/** Ratings given in the period by stars (of the agent rated, for one agent). */
export const ratingsSql = (forAgent: boolean) =>
  `SELECT "stars", COUNT(*) AS "n" FROM "Rating" WHERE "createdAt" >= $1 AND "createdAt" < $2${byAgent(forAgent)} GROUP BY "stars"`;

export const giftsSql = (forAgent: boolean) =>
  `SELECT COUNT(*) AS "n", COALESCE(SUM("points"), 0) AS "points" FROM "GiftSent" WHERE "createdAt" >= $1 AND "createdAt" < $2${byAgent(forAgent)}`;

/** Bindings that ended in the period, by why (for one agent: customers who left that agent). */
export const agentChangesSql = (forAgent: boolean) =>
  `SELECT "endReason" AS "reason", COUNT(*) AS "n" FROM "Binding" WHERE "endedAt" >= $1 AND "endedAt" < $2${byAgent(forAgent)} GROUP BY "endReason"`;

/** Handovers asked in the period, by reason and the customer's answer (none yet: pending). */
export const handoversSql = (forAgent: boolean) =>
  `SELECT "handoverReason" AS "reason", "handoverAnswer" AS "answer", COUNT(*) AS "n" FROM "Binding" WHERE "handoverAt" >= $1 AND "handoverAt" < $2${byAgent(forAgent)} GROUP BY "handoverReason", "handoverAnswer"`;

/** A bare count over the same range: the floor the benchmark sets the report beside. */
export const floorSql = (scope: Exclude<Scope, 'own'>) => `SELECT COUNT(*) AS "n" FROM "ServiceRequest" WHERE ${period(scope)}`;
