import { health } from '@/lib/ops/readiness.ts';
import { methodNotAllowed, route } from '@/lib/http/route.ts';

// Liveness: the process answers. A draining instance is still alive (it is finishing its work).
// Readiness (database, Socket.IO adapter, migrations) is /api/ready.
export const dynamic = 'force-dynamic';
export const GET = route(async () => Response.json(health()));

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
