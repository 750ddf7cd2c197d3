import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { redeemAgentLink } from '@/lib/admin/agent-links.ts';
import { sessionCookie } from '@/lib/credentials/session.ts';
import { revokeSession } from '@/lib/credentials/sessions.ts';
import { getNotifier } from '@/lib/events/dispatcher.ts';
import { isHttps, methodNotAllowed, readJson, route } from '@/lib/http/route.ts';

/**
 * Issue 28: an invited agent (or one whose password was reset) sets a password with their one-time
 * link and is signed in as /api/agent/login signs in: 200 `{ agent, token }` + the `ea_agent` cookie.
 * Used, expired or unknown → 400 `invalid_code` (field `code`). Guessing codes is throttled like handoff codes.
 */
export const POST = route(async (req: NextRequest, _ctx, call) => {
  await call.throttle('handoff_redeem');
  const db = getDb();
  const { agent, token } = await redeemAgentLink({ db, input: await readJson(req) });
  // Every earlier session of this agent ended with the new password; this browser's own (another agent's, perhaps) too.
  const previous = (await call.resolved()).agentSession;
  if (previous) await revokeSession({ db, id: previous.id });
  getNotifier().endSessions?.({ agentId: agent.id });
  if (previous) getNotifier().endSessions?.({ sessionIds: [previous.id] });
  return Response.json({ agent, token }, { headers: { 'set-cookie': sessionCookie('agent', token, { secure: isHttps(req) }) } });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
