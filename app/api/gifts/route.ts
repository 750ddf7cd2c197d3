import { GIFTS } from '@/lib/gifts/catalogue.ts';
import { route } from '@/lib/http/route.ts';

/** The gift catalogue: virtual thanks, no money involved. */
export const GET = route(async () => Response.json({ gifts: GIFTS }));
