import { getDb } from '@/lib/db/client.ts';
import { loadVapidKeys } from '@/lib/push/vapid.ts';
import { methodNotAllowed, route } from '@/lib/http/route.ts';

/** The public VAPID key a browser needs to subscribe (the private one never leaves the server). */
export const GET = route(async () => Response.json({ publicKey: (await loadVapidKeys(getDb())).publicKey }));

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
