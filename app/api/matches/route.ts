import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { startMatch } from '@/lib/matching/match-session.ts';
import { customerIdOf, methodNotAllowed, route } from '@/lib/http/route.ts';

export const POST = route(async (req: NextRequest) => {
  const match = await startMatch({ db: getDb(), customerId: customerIdOf(req) });
  return Response.json(match, { status: 201 });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
