import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getNotifier } from '@/lib/requests/notifier.ts';
import { addCustomerMessage } from '@/lib/requests/thread.ts';
import { readJson, requireCustomerId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

export const POST = route(async (req: NextRequest, { params }: Ctx) => {
  const { id } = await params;
  const customerId = requireCustomerId(req);
  const message = await addCustomerMessage({ db: getDb(), notify: getNotifier(), customerId, id, input: await readJson(req) });
  return Response.json({ message }, { status: 201 });
});
