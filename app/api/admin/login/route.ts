import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { signInAdmin } from '@/lib/admin/admins.ts';
import { sessionCookie } from '@/lib/auth/session.ts';
import { isHttps, readJson, route } from '@/lib/http/route.ts';

export const POST = route(async (req: NextRequest) => {
  const { admin, token } = await signInAdmin({ db: getDb(), input: await readJson(req) });
  return Response.json({ admin }, { headers: { 'set-cookie': sessionCookie('admin', token, { secure: isHttps(req) }) } });
});
