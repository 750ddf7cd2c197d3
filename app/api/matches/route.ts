import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { startMatch } from '@/lib/matching/match-session.ts';
import { customerIdOf, route } from '@/lib/http/route.ts';

export const POST = route(async (req: NextRequest) => {
  const match = await startMatch({ db: getDb(), customerId: customerIdOf(req) });
  return Response.json(match, { status: 201 });
});
