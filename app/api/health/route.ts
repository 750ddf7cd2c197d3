import { methodNotAllowed, route } from '@/lib/http/route.ts';

// Liveness only: the process answers HTTP. Readiness (database, Redis) is /api/ready.
export const GET = route(async () => Response.json({ status: 'ok' }));

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
