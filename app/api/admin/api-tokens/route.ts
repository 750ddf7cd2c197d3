import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { createApiToken, listApiTokens } from '@/lib/credentials/api-tokens.ts';
import { requireAdmin } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, readJson, route } from '@/lib/http/route.ts';

/** The shop's API tokens for /api/v1 (issue 29): never the token itself, only what it is and when it was used. */
export const GET = route(async (_req, _ctx, call) => {
  requireAdmin(await call.actor());
  return Response.json({ apiTokens: await listApiTokens({ db: getDb() }) });
});

/** `{ name, scopes }` → 201 `{ token, apiToken: { id, name, scopes } }`: the token is shown here only. */
export const POST = route(async (req: NextRequest, _ctx, call) => {
  const adminId = requireAdmin(await call.actor());
  return Response.json(await createApiToken({ db: getDb(), input: await readJson(req), adminId }), { status: 201 });
});

const other = methodNotAllowed('GET, POST');
export { other as PUT, other as PATCH, other as DELETE };
