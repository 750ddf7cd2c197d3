import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getMyAgent } from '@/lib/binding/get-my-agent.ts';
import { methodNotAllowed, requireCustomerId, route } from '@/lib/http/route.ts';

export const GET = route(async (req: NextRequest) =>
  Response.json(await getMyAgent({ db: getDb(), customerId: requireCustomerId(req) })),
);

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
