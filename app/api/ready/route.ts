import { readiness } from '@/lib/ops/readiness.ts';

// Readiness: database and Socket.IO adapter reachable, migrations applied, not shutting down.
export const dynamic = 'force-dynamic';
export const GET = async () => {
  const r = await readiness();
  return Response.json(r, { status: r.ready ? 200 : 503, headers: { 'cache-control': 'no-store' } });
};
