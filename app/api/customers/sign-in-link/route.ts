import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { getEnv } from '@/lib/env.ts';
import { requestSignInLink, signInLinkInputSchema } from '@/lib/customers/sign-in-link.ts';
import { getRouteMailer } from '@/lib/mail/route-mailer.ts';
import { throttleSignInLink } from '@/lib/security/throttle.ts';
import { methodNotAllowed, readJson, route } from '@/lib/http/route.ts';

// Issue 25: a one-time sign-in link by e-mail. Always 202: whether the address is known is nobody's business.
export const POST = route(async (req: NextRequest, _ctx, call) => {
  const input = await readJson(req);
  const { email } = signInLinkInputSchema.parse(input);
  await throttleSignInLink({ ip: call.ip, email });
  const env = getEnv();
  const appUrl = (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
  await requestSignInLink({ db: getDb(), mailer: getRouteMailer(), input: { email }, appUrl });
  return new Response(null, { status: 202 });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
