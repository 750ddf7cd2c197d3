import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { signInAdmin } from '@/lib/admin/admins.ts';
import { sessionCookie } from '@/lib/credentials/session.ts';
import { revokeSession } from '@/lib/credentials/sessions.ts';
import { guardSignIn } from '@/lib/security/throttle.ts';
import { isHttps, methodNotAllowed, readJson, route } from '@/lib/http/route.ts';

// The same guard as the agents' sign-in: few tries per address, failures counted per account.
export const POST = route(async (req: NextRequest, _ctx, call) => {
  const db = getDb();
  const input = await readJson(req);
  const email = typeof (input as { email?: unknown })?.email === 'string' ? (input as { email: string }).email.slice(0, 254) : '';
  const { admin, token } = await guardSignIn({ ip: call.ip, email: `admin:${email}`, attempt: () => signInAdmin({ db, input }) });
  // Rotation: the admin session this browser had before (if any) ends; only the new token works.
  const previous = (await call.resolved()).adminSession;
  if (previous) await revokeSession({ db, id: previous.id });
  return Response.json({ admin }, { headers: { 'set-cookie': sessionCookie('admin', token, { secure: isHttps(req) }) } });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
