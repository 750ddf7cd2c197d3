import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getMyAgent } from '@/lib/binding/get-my-agent.ts';
import { requireCustomerId, route } from '@/lib/http/route.ts';

export const GET = route(async (req: NextRequest) =>
  Response.json(await getMyAgent({ db: getDb(), customerId: requireCustomerId(req) })),
);
