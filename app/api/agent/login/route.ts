import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { signInAgent } from '@/lib/agents/sign-in.ts';
import { sessionCookie } from '@/lib/auth/session.ts';
import { isHttps, methodNotAllowed, readJson, route } from '@/lib/http/route.ts';

export const POST = route(async (req: NextRequest) => {
  const { agent, token } = await signInAgent({ db: getDb(), input: await readJson(req) });
  return Response.json({ agent, token }, { headers: { 'set-cookie': sessionCookie('agent', token, { secure: isHttps(req) }) } });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
