import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { deletePushSubscription, savePushSubscription, type PushOwner } from '@/lib/push/subscriptions.ts';
import { AppError } from '@/lib/errors.ts';
import { customerIdOf, readJson, requireAgentId, route } from '@/lib/http/route.ts';

/** The console subscribes as the agent (cookie or bearer), the app as the customer. `?as=agent` picks the agent when both cookies exist. */
const ownerOf = (req: NextRequest): PushOwner => {
  if (req.nextUrl.searchParams.get('as') === 'agent' || req.headers.get('authorization')) return { agentId: requireAgentId(req) };
  const customerId = customerIdOf(req);
  if (customerId) return { customerId };
  try {
    return { agentId: requireAgentId(req) };
  } catch {
    throw new AppError('unauthenticated', 'Please sign in or tell us how to reach you first.', 'session');
  }
};

export const POST = route(async (req: NextRequest) => {
  const owner = ownerOf(req);
  return Response.json(await savePushSubscription({ db: getDb(), owner, input: await readJson(req) }), { status: 201 });
});

export const DELETE = route(async (req: NextRequest) => {
  const owner = ownerOf(req);
  const body = (await readJson(req)) as { endpoint?: unknown };
  await deletePushSubscription({ db: getDb(), owner, endpoint: body.endpoint });
  return new Response(null, { status: 204 });
});
