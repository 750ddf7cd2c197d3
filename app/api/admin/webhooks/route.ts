import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { createWebhook, listWebhooks } from '@/lib/webhooks/endpoints.ts';
import { policyFromEnv } from '@/lib/webhooks/ssrf.ts';
import { requireAdmin } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, readJson, route } from '@/lib/http/route.ts';

/** The shop's webhook endpoints (issue 29); the secret is never shown again after creation. */
export const GET = route(async (_req, _ctx, call) => {
  requireAdmin(await call.actor());
  return Response.json({ webhooks: await listWebhooks({ db: getDb() }) });
});

/** `{ url, events: [..] | ["*"], includeContact? }` → 201 `{ webhook: { id, url, events, secret, … } }`. */
export const POST = route(async (req: NextRequest, _ctx, call) => {
  const adminId = requireAdmin(await call.actor());
  const webhook = await createWebhook({ db: getDb(), input: await readJson(req), policy: policyFromEnv(), adminId });
  return Response.json({ webhook }, { status: 201 });
});

const other = methodNotAllowed('GET, POST');
export { other as PUT, other as PATCH, other as DELETE };
