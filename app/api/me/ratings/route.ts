import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { listMyRatings } from '@/lib/ratings/rate-request.ts';
import { requireCustomerId, route } from '@/lib/http/route.ts';

/** The customer's own ratings (which resolved requests are rated, and until when each can change). */
export const GET = route(async (req: NextRequest) => Response.json({ ratings: await listMyRatings({ db: getDb(), customerId: requireCustomerId(req) }) }));
