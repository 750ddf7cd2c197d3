import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { listFeedback } from '@/lib/ratings/list-feedback.ts';
import { requireAgentId, route } from '@/lib/http/route.ts';

/** The signed-in agent's rating and gift totals and the latest of each (new ones arrive live). */
export const GET = route(async (req: NextRequest) => Response.json(await listFeedback({ db: getDb(), agentId: requireAgentId(req) })));
