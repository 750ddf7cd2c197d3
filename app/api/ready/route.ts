import { readiness } from '@/lib/ops/readiness.ts';
import { methodNotAllowed, route } from '@/lib/http/route.ts';

// Readiness: database and Socket.IO adapter reachable, migrations applied, not shutting down.
export const dynamic = 'force-dynamic';
export const GET = route(async () => {
  const r = await readiness();
  return Response.json(r, { status: r.ready ? 200 : 503 });
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
