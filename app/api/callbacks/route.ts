import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { bookCallback, listMyCallbacks } from '@/lib/callbacks/book-callback.ts';
import { getNotifier } from '@/lib/requests/notifier.ts';
import { readJson, requireCustomerId, route } from '@/lib/http/route.ts';

export const POST = route(async (req: NextRequest) => {
  const callback = await bookCallback({ db: getDb(), notify: getNotifier(), customerId: requireCustomerId(req), input: await readJson(req) });
  return Response.json({ callback }, { status: 201 });
});

export const GET = route(async (req: NextRequest) =>
  Response.json({ callbacks: await listMyCallbacks({ db: getDb(), customerId: requireCustomerId(req) }) }),
);
