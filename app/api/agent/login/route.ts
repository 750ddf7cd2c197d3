import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { signInAgent } from '@/lib/agents/sign-in.ts';
import { guardSignIn } from '@/lib/security/throttle.ts';
import { sessionCookie } from '@/lib/credentials/session.ts';
import { revokeSession } from '@/lib/credentials/sessions.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { isHttps, methodNotAllowed, readJson, route } from '@/lib/http/route.ts';

export const POST = route(async (req: NextRequest, _ctx, call) => {
  const db = getDb();
  const input = await readJson(req);
  const email = typeof (input as { email?: unknown })?.email === 'string' ? (input as { email: string }).email.slice(0, 254) : '';
  const { agent, token } = await guardSignIn({ ip: call.ip, email, attempt: () => signInAgent({ db, input }) });
  // Rotation: the session this browser had before (if any) ends; only the new token works.
  const previous = (await call.resolved()).agentSession;
  if (previous) {
    await revokeSession({ db, id: previous.id });
    getNotifier().endSessions?.({ sessionIds: [previous.id] });
  }
  return Response.json({ agent, token }, { headers: { 'set-cookie': sessionCookie('agent', token, { secure: isHttps(req) }) } });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
