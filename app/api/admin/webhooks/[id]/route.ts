import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { deleteWebhook, updateWebhook } from '@/lib/webhooks/endpoints.ts';
import { requireAdmin } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, readJson, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

/** `{ events?, includeContact?, active? }` → `{ webhook }` (the URL and secret do not change: make a new endpoint). */
export const PATCH = route(async (req: NextRequest, { params }: Ctx, call) => {
  requireAdmin(await call.actor());
  const id = parseId((await params).id, 'id');
  return Response.json({ webhook: await updateWebhook({ db: getDb(), id, input: await readJson(req) }) });
});

/** Removes the endpoint and its delivery log → 204. */
export const DELETE = route(async (_req, { params }: Ctx, call) => {
  requireAdmin(await call.actor());
  await deleteWebhook({ db: getDb(), id: parseId((await params).id, 'id') });
  return new Response(null, { status: 204 });
});

const other = methodNotAllowed('PATCH, DELETE');
export { other as GET, other as POST, other as PUT };
