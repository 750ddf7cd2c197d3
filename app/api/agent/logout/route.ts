import { clearedCookie } from '@/lib/auth/session.ts';
import { methodNotAllowed, route } from '@/lib/http/route.ts';

export const POST = route(async () => Response.json({ ok: true }, { headers: { 'set-cookie': clearedCookie('agent') } }));

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
