import webpush from 'web-push';
import type { Db } from '../db/client.ts';

export type VapidKeys = { publicKey: string; privateKey: string };

const KEY = 'vapid';

/**
 * The VAPID key pair that signs our pushes: made on first start and stored in the database, so a
 * restart and every instance use the same pair (browsers' subscriptions are bound to the public key).
 */
export const loadVapidKeys = async (db: Db): Promise<VapidKeys> => {
  const stored = await db.appSecret.findUnique({ where: { key: KEY } });
  if (stored) return JSON.parse(stored.value) as VapidKeys;
  const fresh = webpush.generateVAPIDKeys();
  try {
    await db.appSecret.create({ data: { key: KEY, value: JSON.stringify(fresh) } });
    return fresh;
  } catch {
    // Another instance made one at the same moment: theirs is the one.
    return JSON.parse((await db.appSecret.findUniqueOrThrow({ where: { key: KEY } })).value) as VapidKeys;
  }
};
