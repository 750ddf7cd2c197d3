import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { rateRequest } from '@/lib/ratings/rate-request.ts';
import { getNotifier } from '@/lib/requests/notifier.ts';
import { readJson, requireCustomerId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

/** Rate a resolved request (201), or change the rating within 24 h (200). */
export const POST = route(async (req: NextRequest, { params }: Ctx) => {
  const { id } = await params;
  const customerId = requireCustomerId(req);
  const { rating, created } = await rateRequest({ db: getDb(), notify: getNotifier(), customerId, requestId: id, input: await readJson(req) });
  return Response.json({ rating }, { status: created ? 201 : 200 });
});
