import { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { Webhook, WebhookDelivery } from '../db/generated/sqlite/client.ts';
import { AppError } from '../errors.ts';
import { parseStringList } from '../string-list.ts';
import { WEBHOOK_EVENTS, TEST_EVENT } from './events.ts';
import { newWebhookSecret } from './sign.ts';
import { checkUrlForm, resolvePublic, type UrlPolicy } from './ssrf.ts';
import type { EventBody } from './payload.ts';

export type WebhookView = { id: string; url: string; events: string[]; includeContact: boolean; active: boolean; createdAt: string };
export type DeliveryView = {
  id: string;
  eventId: string;
  type: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
};

export const toWebhookView = (w: Webhook): WebhookView => ({
  id: w.id,
  url: w.url,
  events: parseStringList(w.events),
  includeContact: w.includeContact,
  active: w.active,
  createdAt: w.createdAt.toISOString(),
});

const typeOfBody = (body: string) => {
  try {
    return (JSON.parse(body) as EventBody).type;
  } catch {
    return 'unknown';
  }
};

export const toDeliveryView = (d: WebhookDelivery): DeliveryView => ({
  id: d.id,
  eventId: d.eventId,
  type: typeOfBody(d.body),
  status: d.status as DeliveryView['status'],
  attempts: d.attempts,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
  nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
  deliveredAt: d.deliveredAt?.toISOString() ?? null,
  createdAt: d.createdAt.toISOString(),
});

const eventsSchema = z
  .array(z.enum(['*', ...WEBHOOK_EVENTS], { error: `must list events from: *, ${WEBHOOK_EVENTS.join(', ')}` }), { error: 'must be a list of event names, or ["*"]' })
  .min(1, 'must name at least one event, or "*" for all')
  .max(WEBHOOK_EVENTS.length + 1)
  .transform((e) => (e.includes('*') ? ['*'] : [...new Set(e)]));

export const webhookInputSchema = z.object({
  url: z.string({ error: 'is required' }).trim().min(1, 'is required'),
  events: eventsSchema,
  includeContact: z.boolean({ error: 'must be true or false' }).optional(),
});

export const webhookPatchSchema = z.object({
  events: eventsSchema.optional(),
  includeContact: z.boolean({ error: 'must be true or false' }).optional(),
  active: z.boolean({ error: 'must be true or false' }).optional(),
});

/** A new endpoint: the URL checked (form, then every address it resolves to); the secret is in the answer only. */
export const createWebhook = async (opts: { db: Db; input: unknown; policy: UrlPolicy; adminId: string | null }): Promise<WebhookView & { secret: string }> => {
  const input = webhookInputSchema.parse(opts.input);
  const url = checkUrlForm(input.url, opts.policy);
  await resolvePublic(url, opts.policy);
  const secret = newWebhookSecret();
  const w = await opts.db.webhook.create({
    data: { url: url.toString(), events: JSON.stringify(input.events), includeContact: input.includeContact ?? false, secret, createdById: opts.adminId },
  });
  return { ...toWebhookView(w), secret };
};

export const listWebhooks = async (opts: { db: Db }): Promise<WebhookView[]> =>
  (await opts.db.webhook.findMany({ orderBy: { createdAt: 'asc' } })).map(toWebhookView);

const find = async (db: Db, id: string) => {
  const w = await db.webhook.findUnique({ where: { id } });
  if (!w) throw new AppError('not_found', 'No such webhook endpoint.', 'id');
  return w;
};

export const updateWebhook = async (opts: { db: Db; id: string; input: unknown }): Promise<WebhookView> => {
  const input = webhookPatchSchema.parse(opts.input);
  await find(opts.db, opts.id);
  const w = await opts.db.webhook.update({
    where: { id: opts.id },
    data: { ...(input.events ? { events: JSON.stringify(input.events) } : {}), ...(input.includeContact !== undefined ? { includeContact: input.includeContact } : {}), ...(input.active !== undefined ? { active: input.active } : {}) },
  });
  return toWebhookView(w);
};

/** Removes the endpoint and its delivery log. */
export const deleteWebhook = async (opts: { db: Db; id: string }): Promise<void> => {
  await find(opts.db, opts.id);
  await opts.db.webhook.delete({ where: { id: opts.id } });
};

export const listDeliveries = async (opts: { db: Db; id: string; take?: number }): Promise<DeliveryView[]> => {
  await find(opts.db, opts.id);
  const rows = await opts.db.webhookDelivery.findMany({ where: { webhookId: opts.id }, orderBy: { createdAt: 'desc' }, take: Math.min(opts.take ?? 50, 200) });
  return rows.map(toDeliveryView);
};

/** "Send again": a failed (or delivered) delivery goes out once more, with the same Webhook-Id and body. */
export const resendDelivery = async (opts: { db: Db; webhookId: string; deliveryId: string; now?: Date }): Promise<DeliveryView> => {
  const d = await opts.db.webhookDelivery.findFirst({ where: { id: opts.deliveryId, webhookId: opts.webhookId } });
  if (!d) throw new AppError('not_found', 'No such delivery of this endpoint.', 'deliveryId');
  const now = opts.now ?? new Date();
  const row = await opts.db.webhookDelivery.update({ where: { id: d.id }, data: { status: 'pending', nextAttemptAt: now, createdAt: now } });
  return toDeliveryView(row);
};

/** "Send a test event": a `webhook.test` to this endpoint only, through the same queue as the real ones. */
export const sendTestEvent = async (opts: { db: Db; id: string; now?: Date }): Promise<DeliveryView> => {
  await find(opts.db, opts.id);
  const now = opts.now ?? new Date();
  const eventId = `test_${crypto.randomUUID().replace(/-/g, '')}`;
  const body: EventBody = { id: eventId, type: TEST_EVENT, createdAt: now.toISOString(), data: { message: 'A test event from the admin page: your endpoint is reachable and can check signatures.' } };
  const row = await opts.db.webhookDelivery.create({ data: { webhookId: opts.id, eventId, orderKey: eventId, seq: 0, body: JSON.stringify(body), nextAttemptAt: now, createdAt: now } });
  return toDeliveryView(row);
};
