import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { deletePushSubscription, savePushSubscription, type PushOwner } from '@/lib/push/subscriptions.ts';
import { requireAgent, type Actor } from '@/lib/auth/authorize.ts';
import { AppError } from '@/lib/errors.ts';
import { bearerOf, methodNotAllowed, readJson, route, type Call } from '@/lib/http/route.ts';

/**
 * The console subscribes as the agent (cookie or bearer), the app as the customer. `?as=agent` picks
 * the agent when both cookies exist. Only the caller's own live session can own a subscription.
 */
const ownerOf = async (req: NextRequest, call: Call): Promise<PushOwner> => {
  const actor: Actor = await call.actor();
  if (req.nextUrl.searchParams.get('as') === 'agent' || bearerOf(req)) return { agentId: requireAgent(actor) };
  if (actor.customerId) return { customerId: actor.customerId };
  if (actor.agentId) return { agentId: actor.agentId };
  throw new AppError('unauthenticated', 'Please sign in or tell us how to reach you first.', 'session');
};

export const POST = route(async (req: NextRequest, _ctx, call) => {
  const owner = await ownerOf(req, call);
  await call.throttle('settings');
  return Response.json(await savePushSubscription({ db: getDb(), owner, input: await readJson(req) }), { status: 201 });
});

export const DELETE = route(async (req: NextRequest, _ctx, call) => {
  const owner = await ownerOf(req, call);
  await call.throttle('settings');
  const body = (await readJson(req)) as { endpoint?: unknown } | null;
  await deletePushSubscription({ db: getDb(), owner, endpoint: body && typeof body === 'object' ? body.endpoint : undefined });
  return new Response(null, { status: 204 });
});

const other = methodNotAllowed('POST, DELETE');
export { other as GET, other as PUT, other as PATCH };
