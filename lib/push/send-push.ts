import webpush from 'web-push';
import type { Db } from '../db/client.ts';
import { getSubscribers } from './subscribers.ts';
import { log } from '../log.ts';
import type { VapidKeys } from './vapid.ts';

/** What the service worker shows: a title, a line, the screen a click opens, and a tag that replaces earlier ones. */
export type PushPayload = { title: string; body: string; url: string; tag: string };

export type PushSender = { toCustomer: (customerId: string, p: PushPayload) => Promise<number>; toAgent: (agentId: string, p: PushPayload) => Promise<number> };

/**
 * Encrypts and sends through each browser's push service (web-push). A subscription the push service
 * reports gone (404 or 410) is deleted; other failures are logged and the subscription kept.
 */
export const createPushSender = (opts: { db: Db; keys: VapidKeys; subject: string; ttlSeconds?: number }): PushSender => {
  const send = async (where: { customerId: string } | { agentId: string }, payload: PushPayload) => {
    const subs = await opts.db.pushSubscription.findMany({ where });
    let sent = 0;
    await Promise.all(
      subs.map(async (s) => {
        try {
          await webpush.sendNotification({ endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } }, JSON.stringify(payload), {
            vapidDetails: { subject: opts.subject, publicKey: opts.keys.publicKey, privateKey: opts.keys.privateKey },
            TTL: opts.ttlSeconds ?? 3600,
            // One notification per topic waits at the push service: a newer one replaces it.
            topic: payload.tag.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 32) || undefined,
          });
          sent++;
        } catch (err) {
          const status = (err as { statusCode?: number }).statusCode;
          if (status === 404 || status === 410) {
            await opts.db.pushSubscription.deleteMany({ where: { id: s.id } });
            await getSubscribers().removed(opts.db, where);
            log.info({ id: s.id, status }, 'push subscription gone; deleted');
          } else log.warn({ err, id: s.id }, 'push failed');
        }
      }),
    );
    return sent;
  };
  return { toCustomer: (customerId, p) => send({ customerId }, p), toAgent: (agentId, p) => send({ agentId }, p) };
};
