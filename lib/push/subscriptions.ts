import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { getSubscribers, type PushOwner } from './subscribers.ts';

const base64url = z.string().min(8).max(200).regex(/^[A-Za-z0-9_-]+=*$/, 'must be base64url');

/** What `PushSubscription.toJSON()` gives in the browser. Push services speak HTTPS only. */
export const subscriptionSchema = z.object({
  endpoint: z.url({ protocol: /^https$/, error: 'must be the push service URL (https)' }).max(1000),
  keys: z.object({ p256dh: base64url, auth: base64url }),
});

export type { PushOwner };

/** Keeps one row per browser endpoint; a browser that changes hands (sign-out, another customer) is re-owned. */
export const savePushSubscription = async (opts: { db: Db; owner: PushOwner; input: unknown }) => {
  const { endpoint, keys } = subscriptionSchema.parse(opts.input);
  const owner = 'customerId' in opts.owner ? { customerId: opts.owner.customerId, agentId: null } : { agentId: opts.owner.agentId, customerId: null };
  const row = await opts.db.pushSubscription.upsert({
    where: { endpoint },
    create: { endpoint, p256dh: keys.p256dh, auth: keys.auth, ...owner },
    update: { p256dh: keys.p256dh, auth: keys.auth, ...owner },
  });
  getSubscribers().saved(opts.owner);
  return { id: row.id };
};

export const deletePushSubscription = async (opts: { db: Db; owner: PushOwner; endpoint: unknown }) => {
  const { endpoint } = z.object({ endpoint: z.string({ error: 'is required' }).min(1, 'is required').max(1000) }).parse({ endpoint: opts.endpoint });
  const where = 'customerId' in opts.owner ? { endpoint, customerId: opts.owner.customerId } : { endpoint, agentId: opts.owner.agentId };
  const { count } = await opts.db.pushSubscription.deleteMany({ where });
  if (count) await getSubscribers().removed(opts.db, opts.owner);
};
