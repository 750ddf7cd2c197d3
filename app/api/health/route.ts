import { health } from '@/lib/ops/readiness.ts';

// Liveness: the process answers. A draining instance is still alive (it is finishing its work).
export const dynamic = 'force-dynamic';
export const GET = () => Response.json(health(), { headers: { 'cache-control': 'no-store' } });
