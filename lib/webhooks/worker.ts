import type { Db } from '../db/client.ts';
import { log } from '../log.ts';
import { parseStringList } from '../string-list.ts';
import { buildEventData, type EventBody } from './payload.ts';
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

export type DeliveryOutcome = 'delivered' | 'retry' | 'failed';

export type WebhookWorkerDeps = {
  db: Db;
  send: WebhookSender;
  now?: () => Date;
  timeoutMs?: number;
  /** deliveries under way at once (each to a different request's order) */
  concurrency?: number;
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
  const inFlight = new Set<string>();
  const running = new Set<Promise<void>>();

  const dispatch = async (): Promise<number> => {
    const events = await db.outboxEvent.findMany({ where: { dispatchedAt: null }, orderBy: { seq: 'asc' }, take: 200 });
    if (!events.length) return 0;
    const hooks = (await db.webhook.findMany({ where: { active: true } })).map((h) => ({ ...h, wants: parseStringList(h.events) }));
    // Bodies are made before the transaction (reads), then the whole batch is claimed and fanned out in one commit.
    const planned: { ev: (typeof events)[number]; rows: { webhookId: string; body: string }[] }[] = [];
    for (const ev of events) {
      const wanting = hooks.filter((h) => wantsEvent(h.wants, ev.type));
      const built = wanting.length ? await buildEventData(db, ev) : null;
      planned.push({
        ev,
        rows: built
          ? wanting.map((h) => ({ webhookId: h.id, body: JSON.stringify({ id: ev.id, type: ev.type, createdAt: ev.createdAt.toISOString(), data: h.includeContact ? built.contact(built.data) : built.data } satisfies EventBody) }))
          : [],
      });
      await giveWay({ maxWaitMs: 500 });
    }
    const at = now();
    await db.$transaction(async (tx) => {
      for (const { ev, rows } of planned) {
        const { count } = await tx.outboxEvent.updateMany({ where: { id: ev.id, dispatchedAt: null }, data: { dispatchedAt: at } });
        if (count !== 1 || !rows.length) continue;
        await tx.webhookDelivery.createMany({ data: rows.map((r) => ({ ...r, eventId: ev.id, orderKey: ev.orderKey, seq: ev.seq, nextAttemptAt: at, createdAt: at })) });
      }
    });
    return events.length;
  };

  const attempt = async (d: { id: string; nextAttemptAt: Date; attempts: number; body: string; eventId: string; createdAt: Date; webhook: { url: string; secret: string } }) => {
    const at = now();
    const claimed = await db.webhookDelivery.updateMany({ where: { id: d.id, status: 'pending', nextAttemptAt: d.nextAttemptAt }, data: { nextAttemptAt: new Date(at.getTime() + timeoutMs + 30_000) } });
    if (claimed.count !== 1) return;
    const t = Math.floor(at.getTime() / 1000);
    const result = await deps.send({
      url: d.webhook.url,
      body: d.body,
      headers: { 'Webhook-Id': d.eventId, 'Webhook-Timestamp': String(t), 'Webhook-Signature': signatureOf(d.webhook.secret, d.body, t) },
      timeoutMs,
    });
    const attempts = d.attempts + 1;
    const after = now();
    const common = { attempts, lastAttemptAt: after, lastStatusCode: result.status, lastError: result.error?.slice(0, 500) ?? null };
    let outcome: DeliveryOutcome;
    if (result.ok) {
      outcome = 'delivered';
      await db.webhookDelivery.update({ where: { id: d.id }, data: { ...common, status: 'delivered', deliveredAt: after } });
    } else {
      const next = new Date(after.getTime() + nextRetryDelay(attempts, deps.random, deps.retryBaseMs));
      outcome = next.getTime() - d.createdAt.getTime() > GIVE_UP_AFTER_MS ? 'failed' : 'retry';
      await db.webhookDelivery.update({ where: { id: d.id }, data: { ...common, ...(outcome === 'failed' ? { status: 'failed' } : { nextAttemptAt: next }) } });
      log.warn({ delivery: d.id, url: d.webhook.url, status: result.status, error: result.error, attempts, outcome }, 'webhook delivery failed');
    }
    deps.onOutcome?.(outcome);
  };

  /**
   * Starts what can go now (up to the concurrency) and returns how many; the sends go on in the background.
   * The oldest pending deliveries are read in their order (an index on status, seq: the backlog is never
   * sorted); per request and endpoint only the first pending one may go, and only once it is due — a later
   * event waits behind an earlier one's retry.
   */
  const deliverDue = async (): Promise<number> => {
    const room = concurrency - inFlight.size;
    if (room <= 0) return 0;
    // The scan reads the small columns only; bodies are read for the deliveries that go.
    const pending = await db.webhookDelivery.findMany({
      where: { status: 'pending' },
      orderBy: { seq: 'asc' },
      take: 200,
      select: { id: true, webhookId: true, orderKey: true, nextAttemptAt: true },
    });
    const at = now().getTime();
    const seen = new Set<string>();
    const go: string[] = [];
    for (const d of pending) {
      if (go.length >= room) break;
      const key = `${d.webhookId}:${d.orderKey}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (inFlight.has(key) || d.nextAttemptAt.getTime() > at) continue;
      go.push(d.id);
    }
    if (!go.length) return 0;
    const rows = await db.webhookDelivery.findMany({ where: { id: { in: go }, status: 'pending' }, include: { webhook: { select: { url: true, secret: true, active: true } } } });
    let started = 0;
    for (const d of rows) {
      const key = `${d.webhookId}:${d.orderKey}`;
      if (!d.webhook.active || inFlight.has(key)) continue;
      inFlight.add(key);
      started++;
      const p = attempt(d)
        .catch((err) => log.error({ err, delivery: d.id }, 'webhook attempt failed'))
        .finally(() => {
          inFlight.delete(key);
          running.delete(p);
        });
      running.add(p);
    }
    return started;
  };

  /**
   * The pump: fans out and sends until nothing is left that can go now, `concurrency` sends at a time, batch
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
