import type { Db } from '../db/client.ts';
import { newId, rawOf, type Dialect } from '../db/raw.ts';
import { log } from '../log.ts';
import { parseStringList } from '../string-list.ts';
import { buildEventsData, type EventBody } from './payload.ts';
import { signatureOf } from './sign.ts';
import type { WebhookSender } from './send.ts';
import { wantsEvent } from './events.ts';
import { giveWay } from '../ops/give-way.ts';

/** Retries: the first within 30 s, then doubling to at most an hour, each ±25 % (jitter), for up to 24 h. */
export const RETRY_BASE_MS = 10_000;
export const RETRY_CAP_MS = 60 * 60_000;
export const GIVE_UP_AFTER_MS = 24 * 60 * 60_000;
/** Fanned-out events are kept a day (their deliveries hold the body); the delivery log 30 days. */
export const KEEP_EVENTS_MS = 24 * 60 * 60_000;
export const KEEP_DELIVERIES_MS = 30 * 24 * 60 * 60_000;

export const nextRetryDelay = (attempts: number, random: () => number = Math.random, baseMs = RETRY_BASE_MS): number => {
  const base = Math.min(baseMs * 2 ** Math.max(0, attempts - 1), RETRY_CAP_MS);
  return Math.round(base * (0.75 + random() * 0.5));
};

/** Marks the listed events (a JSON array, $2) fanned out at $1. */
const MARK_DISPATCHED_SQL: Record<Dialect, string> = {
  sqlite: `UPDATE "OutboxEvent" SET "dispatchedAt" = $1 WHERE "id" IN (SELECT value FROM json_each($2)) AND "dispatchedAt" IS NULL`,
  postgres: `UPDATE "OutboxEvent" SET "dispatchedAt" = $1 WHERE "id" IN (SELECT json_array_elements_text($2::json)) AND "dispatchedAt" IS NULL`,
};
/** The deliveries of a batch in one statement: a JSON array of rows ($1), due at once ($2); one already made is left as it is. */
const DELIVERY_COLUMNS = `"id", "webhookId", "eventId", "orderKey", "seq", "body", "status", "attempts", "nextAttemptAt", "createdAt"`;
const INSERT_DELIVERIES_SQL: Record<Dialect, string> = {
  // `WHERE true`: SQLite reads ON CONFLICT after a SELECT with no WHERE as a join's ON.
  sqlite:
    `INSERT INTO "WebhookDelivery" (${DELIVERY_COLUMNS}) SELECT json_extract(j.value, '$.id'), json_extract(j.value, '$.webhookId'), json_extract(j.value, '$.eventId'),` +
    ` json_extract(j.value, '$.orderKey'), CAST(json_extract(j.value, '$.seq') AS INTEGER), json_extract(j.value, '$.body'), 'pending', 0, $2, $2 FROM json_each($1) j WHERE true` +
    ` ON CONFLICT ("webhookId", "eventId") DO NOTHING`,
  postgres:
    `INSERT INTO "WebhookDelivery" (${DELIVERY_COLUMNS}) SELECT x."id", x."webhookId", x."eventId", x."orderKey", x."seq", x."body", 'pending', 0, $2::timestamp(3), $2::timestamp(3)` +
    ` FROM json_to_recordset($1::json) AS x("id" text, "webhookId" text, "eventId" text, "orderKey" text, "seq" bigint, "body" text) ON CONFLICT ("webhookId", "eventId") DO NOTHING`,
};

/** `fn` over the items, at most `size` at a time; results in the items' order. */
const inPool = async <T, R>(items: readonly T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> => {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, lane));
  return out;
};

export type DeliveryOutcome = 'delivered' | 'retry' | 'failed';

export type WebhookWorkerDeps = {
  db: Db;
  send: WebhookSender;
  now?: () => Date;
  timeoutMs?: number;
  /** POSTs under way at once (each to a different request's order) */
  concurrency?: number;
  /** deliveries claimed, read and recorded together (sent `concurrency` at a time) */
  batchSize?: number;
  random?: () => number;
  /** the first retry's delay (doubling from there); tests shorten it */
  retryBaseMs?: number;
  /** each attempt's outcome (metrics) */
  onOutcome?: (outcome: DeliveryOutcome) => void;
};

/**
 * Delivers the outbox. `dispatch` fans each new event out into one delivery per endpoint that wants it,
 * with the body made once (every attempt sends the same bytes, signed at sending time); `deliverDue`
 * sends what is due, oldest first, one at a time per request (a request's events arrive in order), the
 * others alongside. Each attempt first claims its delivery by a conditional update that pushes its next
 * attempt past the timeout (a lease), so two workers — a leader change in the middle — never send the same
 * delivery at once; a crash after the receiver answered and before the outcome was written sends it again,
 * with the same Webhook-Id (at least once; the receiver keeps the ids it saw).
 */
export const createWebhookWorker = (deps: WebhookWorkerDeps) => {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const timeoutMs = deps.timeoutMs ?? 5_000;
  const concurrency = deps.concurrency ?? 8;
  // The statements of a batch (scan, claim, read, outcome) cost about the same for 8 deliveries as for 32.
  const batchSize = Math.max(concurrency, deps.batchSize ?? 32);
  const inFlight = new Set<string>();
  const running = new Set<Promise<void>>();

  const dispatch = async (): Promise<number> => {
    const events = await db.outboxEvent.findMany({ where: { dispatchedAt: null }, orderBy: { seq: 'asc' }, take: 200 });
    if (!events.length) return 0;
    const hooks = (await db.webhook.findMany({ where: { active: true } })).map((h) => ({ ...h, wants: parseStringList(h.events) }));
    // Bodies are made first (reads: each kind of subject once for the batch), then written in one statement.
    const wanting = events.map((ev) => hooks.filter((h) => wantsEvent(h.wants, ev.type)));
    const wanted = events.filter((_, i) => wanting[i]!.length);
    const built = new Map((await buildEventsData(db, wanted)).map((b, i) => [wanted[i]!.id, b]));
    const deliveries = events.flatMap((ev, i) => {
      const b = built.get(ev.id);
      if (!b) return [];
      return wanting[i]!.map((h) => ({
        id: newId(),
        webhookId: h.id,
        eventId: ev.id,
        orderKey: ev.orderKey,
        seq: String(ev.seq),
        body: JSON.stringify({ id: ev.id, type: ev.type, createdAt: ev.createdAt.toISOString(), data: h.includeContact ? b.contact(b.data) : b.data } satisfies EventBody),
      }));
    });
    await giveWay({ maxWaitMs: 500 });
    const at = now();
    const raw = await rawOf(db);
    // On the driver, as the hot path's statements are (lib/db/raw.ts): through Prisma this commit cost
    // ~0.2 ms per event (bench:webhooks). The deliveries first, then the events marked: on SQLite the two
    // are not one transaction, and a crash between them leaves the events to fan out again — the unique
    // (webhook, event) index makes that, and a second dispatcher during a leader change, add nothing twice.
    await raw.step(async (q) => {
      if (deliveries.length) await q(INSERT_DELIVERIES_SQL[raw.dialect], [JSON.stringify(deliveries), at]);
      await q(MARK_DISPATCHED_SQL[raw.dialect], [at, JSON.stringify(events.map((ev) => ev.id))]);
    });
    return events.length;
  };

  type Due = { id: string; attempts: number; body: string; eventId: string; createdAt: Date; webhook: { url: string; secret: string } };
  type Sent = { d: Due; status: number | null; ok: boolean; error: string | null; at: Date };

  const send = async (d: Due): Promise<Sent> => {
    const t = Math.floor(now().getTime() / 1000);
    const result = await deps
      .send({
        url: d.webhook.url,
        body: d.body,
        headers: { 'Webhook-Id': d.eventId, 'Webhook-Timestamp': String(t), 'Webhook-Signature': signatureOf(d.webhook.secret, d.body, t) },
        timeoutMs,
      })
      .catch((err: Error) => ({ ok: false, status: null, error: err.message }));
    return { d, ...result, at: now() };
  };

  /**
   * The outcomes of a batch's sends: the delivered ones in one statement per status code (2xx: nearly always
   * one), a retry or a failure each on its own (they carry their own next time and error).
   */
  const record = async (sent: Sent[]) => {
    const delivered = new Map<number, Sent[]>();
    for (const x of sent) {
      if (!x.ok) continue;
      const group = delivered.get(x.status!) ?? [];
      group.push(x);
      delivered.set(x.status!, group);
    }
    for (const [code, group] of delivered) {
      const after = group.reduce((a, x) => (x.at > a ? x.at : a), group[0]!.at);
      await db.webhookDelivery.updateMany({
        where: { id: { in: group.map((x) => x.d.id) } },
        data: { status: 'delivered', deliveredAt: after, lastAttemptAt: after, lastStatusCode: code, lastError: null, attempts: { increment: 1 } },
      });
      group.forEach(() => deps.onOutcome?.('delivered'));
    }
    for (const { d, status, error, at: after } of sent.filter((x) => !x.ok)) {
      const attempts = d.attempts + 1;
      const next = new Date(after.getTime() + nextRetryDelay(attempts, deps.random, deps.retryBaseMs));
      const outcome: DeliveryOutcome = next.getTime() - d.createdAt.getTime() > GIVE_UP_AFTER_MS ? 'failed' : 'retry';
      const common = { attempts, lastAttemptAt: after, lastStatusCode: status, lastError: error?.slice(0, 500) ?? null };
      await db.webhookDelivery.update({ where: { id: d.id }, data: { ...common, ...(outcome === 'failed' ? { status: 'failed' } : { nextAttemptAt: next }) } });
      log.warn({ delivery: d.id, url: d.webhook.url, status, error, attempts, outcome }, 'webhook delivery failed');
      deps.onOutcome?.(outcome);
    }
  };

  /**
   * Starts what can go now (up to the concurrency) as one batch and returns how many; the sends go on in
   * the background. The oldest pending deliveries are read in their order (an index on status, seq: the
   * backlog is never sorted); per request and endpoint only the first pending one may go, and only once it
   * is due — a later event waits behind an earlier one's retry. The batch is claimed by one conditional
   * update that pushes the next attempt past the timeout (a lease): a delivery another worker claimed
   * meanwhile is no longer due, so it is not taken twice.
   */
  const deliverDue = async (): Promise<number> => {
    const room = batchSize - inFlight.size;
    if (room <= 0) return 0;
    // The scan reads the small columns only, a few times the room (later events of a request in the batch
    // are skipped); bodies are read for the deliveries that go.
    // Only live endpoints' deliveries: a paused endpoint's backlog would otherwise fill the scan and hold
    // every other endpoint's back.
    const pending = await db.webhookDelivery.findMany({
      where: { status: 'pending', webhook: { active: true } },
      orderBy: { seq: 'asc' },
      take: Math.min(200, room * 4),
      select: { id: true, webhookId: true, orderKey: true, nextAttemptAt: true },
    });
    const at = now();
    const seen = new Set<string>();
    const go: string[] = [];
    for (const d of pending) {
      if (go.length >= room) break;
      const key = `${d.webhookId}:${d.orderKey}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (inFlight.has(key) || d.nextAttemptAt.getTime() > at.getTime()) continue;
      go.push(d.id);
    }
    if (!go.length) return 0;
    // The lease's last digits tell this claim from another worker's made in the same second.
    const lease = new Date(at.getTime() + timeoutMs + 30_000 + Math.floor(Math.random() * 1000));
    const claimed = await db.webhookDelivery.updateMany({ where: { id: { in: go }, status: 'pending', nextAttemptAt: { lte: at } }, data: { nextAttemptAt: lease } });
    if (!claimed.count) return 0;
    const rows = await db.webhookDelivery.findMany({
      where: { id: { in: go }, status: 'pending', ...(claimed.count === go.length ? {} : { nextAttemptAt: lease }) },
      include: { webhook: { select: { url: true, secret: true, active: true } } },
    });
    const mine = rows.filter((d) => d.webhook.active && !inFlight.has(`${d.webhookId}:${d.orderKey}`));
    if (!mine.length) return 0;
    const keys = mine.map((d) => `${d.webhookId}:${d.orderKey}`);
    keys.forEach((k) => inFlight.add(k));
    const p: Promise<void> = inPool(mine, concurrency, send)
      .then(record)
      .catch((err) => log.error({ err, deliveries: mine.map((d) => d.id) }, 'webhook batch failed'))
      .finally(() => {
        keys.forEach((k) => inFlight.delete(k));
        running.delete(p);
      });
    running.add(p);
    return mine.length;
  };

  /**
   * The pump: fans out and sends until nothing is left that can go now, `concurrency` POSTs at a time, batch
   * after batch (each scan reads the oldest pending in order). The sweeper's tick starts it; one runs at a time.
   */
  let pumping: Promise<void> | null = null;
  let prunedAt = 0;
  /** What is no longer needed goes, at most once a minute (both deletes use an index on their time). */
  const prune = async () => {
    const at = now().getTime();
    if (at - prunedAt < 60_000) return;
    prunedAt = at;
    await db.outboxEvent.deleteMany({ where: { dispatchedAt: { lt: new Date(at - KEEP_EVENTS_MS) } } });
    await db.webhookDelivery.deleteMany({ where: { status: { in: ['delivered', 'failed'] }, createdAt: { lt: new Date(at - KEEP_DELIVERIES_MS) } } });
  };
  const pump = async () => {
    for (;;) {
      // Background work: calls waiting at the door go first (lib/ops/give-way.ts); deliveries lag under load, requests do not.
      await giveWay({ maxWaitMs: 500 });
      const dispatched = await dispatch();
      const started = await deliverDue();
      // A batch at a time: the next scan after this one's sends have ended (a request's next event may be free then).
      if (running.size) {
        await Promise.all([...running]);
        continue;
      }
      if (!dispatched && !started) return;
    }
  };

  return {
    dispatch,
    deliverDue,
    /** Starts the pump if it is not running (returns at once: the sweep goes on with its other rules). */
    tick: async () => {
      await prune().catch((err) => log.error({ err }, 'webhook prune failed'));
      pumping ??= pump()
        .catch((err) => log.error({ err }, 'webhook pump failed'))
        .finally(() => (pumping = null));
    },
    /** Waits until the pump has nothing left that can go now (shutdown, tests). */
    idle: async () => {
      while (pumping || running.size) {
        await pumping;
        await Promise.all([...running]);
      }
    },
  };
};
