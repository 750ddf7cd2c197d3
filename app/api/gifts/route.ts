import { GIFTS } from '@/lib/gifts/catalogue.ts';
import { methodNotAllowed, route } from '@/lib/http/route.ts';

/** The gift catalogue: virtual thanks, no money involved. Public, like an agent card. */
export const GET = route(async () => Response.json({ gifts: GIFTS }));

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
