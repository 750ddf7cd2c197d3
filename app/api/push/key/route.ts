import { getDb } from '@/lib/db/client.ts';
import { loadVapidKeys } from '@/lib/push/vapid.ts';
import { route } from '@/lib/http/route.ts';

/** The public VAPID key a browser needs to subscribe (the private one never leaves the server). */
export const GET = route(async () => Response.json({ publicKey: (await loadVapidKeys(getDb())).publicKey }));
