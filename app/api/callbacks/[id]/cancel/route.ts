import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { cancelCallback } from '@/lib/callbacks/book-callback.ts';
import { getNotifier } from '@/lib/requests/notifier.ts';
import { requireCustomerId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

export const POST = route(async (req: NextRequest, { params }: Ctx) => {
  const { id } = await params;
  return Response.json({ callback: await cancelCallback({ db: getDb(), notify: getNotifier(), id, customerId: requireCustomerId(req) }) });
});
