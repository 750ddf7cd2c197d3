import { getDb } from '@/lib/db/client.ts';
import { revokeApiToken } from '@/lib/credentials/api-tokens.ts';
import { requireAdmin } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

/** Revokes the token → 204; its next call, on any instance, is refused. */
export const DELETE = route(async (_req, { params }: Ctx, call) => {
  requireAdmin(await call.actor());
  await revokeApiToken({ db: getDb(), id: parseId((await params).id, 'id') });
  return new Response(null, { status: 204 });
});

const other = methodNotAllowed('DELETE');
export { other as GET, other as POST, other as PUT, other as PATCH };
