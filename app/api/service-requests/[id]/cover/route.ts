import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { takeCover } from '@/lib/requests/reassign-request.ts';
import { getNotifier } from '@/lib/requests/notifier.ts';
import { requireCustomerId, route } from '@/lib/http/route.ts';
import { getEnv } from '@/lib/env.ts';

type Ctx = { params: Promise<{ id: string }> };

export const POST = route(async (req: NextRequest, { params }: Ctx) => {
  const { id } = await params;
  return Response.json(await takeCover({ db: getDb(), notify: getNotifier(), customerId: requireCustomerId(req), input: { id }, maxHops: getEnv().MAX_HOPS }));
});
