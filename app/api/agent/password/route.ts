import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { changePassword } from '@/lib/agents/change-password.ts';
import { requireAgent } from '@/lib/auth/authorize.ts';
import { sessionCookie } from '@/lib/credentials/session.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { isHttps, methodNotAllowed, readJson, route } from '@/lib/http/route.ts';

// A new password ends every session of the agent (other devices, old tokens, sockets); this browser gets a new one.
export const POST = route(async (req: NextRequest, _ctx, call) => {
  const agentId = requireAgent(await call.actor());
  await call.throttle('password');
  const { token } = await changePassword({ db: getDb(), agentId, input: await readJson(req) });
  getNotifier().endSessions?.({ agentId });
  return Response.json({ ok: true, token }, { headers: { 'set-cookie': sessionCookie('agent', token, { secure: isHttps(req) }) } });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
