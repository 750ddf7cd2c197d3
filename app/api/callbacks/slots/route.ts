import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { listFreeSlots } from '@/lib/callbacks/book-callback.ts';
import { requireCustomerId, route } from '@/lib/http/route.ts';

export const GET = route(async (req: NextRequest) => Response.json(await listFreeSlots({ db: getDb(), customerId: requireCustomerId(req) })));
