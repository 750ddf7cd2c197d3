import { getDb } from '@/lib/db/client.ts';
import { listMyRatings } from '@/lib/ratings/rate-request.ts';
import { requireCustomer } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, route } from '@/lib/http/route.ts';

/** The customer's own ratings (which resolved requests are rated, and until when each can change). */
export const GET = route(async (_req, _ctx, call) => Response.json({ ratings: await listMyRatings({ db: getDb(), customerId: requireCustomer(await call.actor()) }) }));

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
