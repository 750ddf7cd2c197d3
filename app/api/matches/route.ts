import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { startMatch } from '@/lib/matching/match-session.ts';
import { sessionCookie } from '@/lib/credentials/session.ts';
import { hashToken, newToken } from '@/lib/credentials/sessions.ts';
import { isHttps, methodNotAllowed, route } from '@/lib/http/route.ts';

// Anyone may see the best agents. A visitor without contact info yet gets a cookie naming their
// browser, so the search can be used (skip, choose) by that browser only.
export const POST = route(async (req: NextRequest, _ctx, call) => {
  const actor = await call.actor();
  await call.throttle('matches');
  let visitorId = actor.visitorId;
  if (!actor.customerId && !visitorId) {
    const token = newToken().slice(3);
    visitorId = hashToken(token);
    call.setCookie(sessionCookie('visitor', token, { secure: isHttps(req) }));
  }
  const match = await startMatch({ db: getDb(), customerId: actor.customerId, visitorId: actor.customerId ? null : visitorId });
  return Response.json(match, { status: 201 });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
