import type { Db } from '../db/client.ts';
import { rawOf } from '../db/raw.ts';
import { OPEN_STATUSES } from './request-view.ts';
import type { HoldReason } from './routing-policy.ts';

/** Every reason a request is held for: each is reported, 0 included, so an alert rule always has its series. */
export const HOLD_REASONS = ['agent_away', 'agent_offline', 'agent_busy', 'agent_left'] as const satisfies readonly HoldReason[];

export type RequestCounts = {
  /** open requests by status (pending, delivered, acknowledged) */
  open: Record<string, number>;
  /** held for their agent (pending, never offered), by hold reason */
  held: Record<string, number>;
  /** offered, no console has confirmed the alert yet */
  alertsPending: number;
  /** when the oldest held request was made, and when the oldest unconfirmed alert was offered */
  heldSince: Date | null;
  pendingSince: Date | null;
};

// One statement, for a scrape every few seconds: the open rows are counted on the (status, offeredAt)
// index alone; only held rows (few: their agent is away) are read for their reason and age.
const SQL =
  `SELECT "status" AS "status", CASE WHEN "status" = 'pending' AND "offeredAt" IS NOT NULL THEN 1 ELSE 0 END AS "offered",` +
  ` NULL AS "reason", COUNT(*) AS "n", MIN("offeredAt") AS "oldest"` +
  ` FROM "ServiceRequest" WHERE "status" IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')}) GROUP BY 1, 2` +
  ` UNION ALL SELECT 'held', 0, "holdReason", COUNT(*), MIN("createdAt")` +
  ` FROM "ServiceRequest" WHERE "status" = 'pending' AND "offeredAt" IS NULL GROUP BY "holdReason"`;

type Row = { status: string; offered: unknown; reason: string | null; n: unknown; oldest: unknown };

const dateOf = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));

/** What is open and what waits, across every instance (read at scrape time, never on the hot path). */
export const countRequests = async (db: Db): Promise<RequestCounts> => {
  const rows = await (await rawOf(db)).query<Row>(SQL);
  const out: RequestCounts = {
    open: Object.fromEntries(OPEN_STATUSES.map((s) => [s, 0])),
    held: Object.fromEntries(HOLD_REASONS.map((r) => [r, 0])),
    alertsPending: 0,
    heldSince: null,
    pendingSince: null,
  };
  for (const r of rows) {
    const n = Number(r.n);
    if (r.status === 'held') {
      // A held request always has a reason; one written before reasons existed counts as agent_offline.
      const reason = r.reason ?? 'agent_offline';
      out.held[reason] = (out.held[reason] ?? 0) + n;
      const at = dateOf(r.oldest);
      if (at && (!out.heldSince || at < out.heldSince)) out.heldSince = at;
      continue;
    }
    out.open[r.status] = (out.open[r.status] ?? 0) + n;
    if (Number(r.offered) === 1) {
      out.alertsPending += n;
      out.pendingSince = dateOf(r.oldest);
    }
  }
  return out;
};
