import { clearedCookie } from '@/lib/auth/session.ts';
import { route } from '@/lib/http/route.ts';

export const POST = route(async () => Response.json({ ok: true }, { headers: { 'set-cookie': clearedCookie('agent') } }));
