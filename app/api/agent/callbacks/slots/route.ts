import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { listAgentFreeSlots } from '@/lib/callbacks/book-callback.ts';
import { requireAgentId, route } from '@/lib/http/route.ts';

export const GET = route(async (req: NextRequest) => Response.json(await listAgentFreeSlots({ db: getDb(), agentId: requireAgentId(req) })));
