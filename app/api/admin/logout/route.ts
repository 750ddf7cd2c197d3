import { clearedCookie } from '@/lib/auth/session.ts';
import { route } from '@/lib/http/route.ts';

export const POST = route(async () => new Response(null, { status: 204, headers: { 'set-cookie': clearedCookie('admin') } }));
