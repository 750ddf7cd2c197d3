import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getEnv } from '@/lib/env.ts';
import { takeCover } from '@/lib/callbacks/offer-cover.ts';
import { getNotifier } from '@/lib/requests/notifier.ts';
import { requireCustomerId, route } from '@/lib/http/route.ts';

type Ctx = { params: Promise<{ id: string }> };

/** The customer takes the agent offered to make the call instead of their own (who is away then). */
export const POST = route(async (req: NextRequest, { params }: Ctx) => {
  const { id } = await params;
  const callback = await takeCover({ db: getDb(), notify: getNotifier(), id, customerId: requireCustomerId(req), leadMs: getEnv().CALLBACK_REMINDER_LEAD_MS });
  return Response.json({ callback });
});
