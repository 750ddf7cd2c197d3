import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getNotifier } from '@/lib/requests/notifier.ts';
import { addCustomerMessage } from '@/lib/requests/thread.ts';
import { IDEMPOTENCY_HEADER } from '@/lib/requests/create-request.ts';
import { readJson, requireCustomerId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

export const POST = route(async (req: NextRequest, { params }: Ctx) => {
  const { id } = await params;
  const customerId = requireCustomerId(req);
  const { message, created } = await addCustomerMessage({
    db: getDb(),
    notify: getNotifier(),
    customerId,
    id,
    input: await readJson(req),
    idempotencyKey: req.headers.get(IDEMPOTENCY_HEADER),
  });
  // A retry with the same Idempotency-Key gets the stored message back, as POST /api/service-requests does.
  return Response.json({ message }, { status: created ? 201 : 200, headers: created ? {} : { 'idempotent-replayed': 'true' } });
});
