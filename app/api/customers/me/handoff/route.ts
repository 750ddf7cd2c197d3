import { getDb } from '@/lib/db/client.ts';
import { AppError } from '@/lib/errors.ts';
import { createCustomerLink } from '@/lib/customers/customer-links.ts';
import { handoffQrSvg } from '@/lib/customers/handoff-qr.ts';
import { isHttps, methodNotAllowed, route } from '@/lib/http/route.ts';

// Issue 25: "Use on another device": a one-time code, shown as a QR code and a link to copy.
// The link points at the address this page was opened on (its Host), so a phone on the same network
// reaches it; only the customer who asked sees it, so a forged Host fools nobody else.
export const POST = route(async (req, _ctx, call) => {
  const { customerId } = await call.actor();
  if (!customerId) throw new AppError('customer_required', 'Please tell us who you are first.', 'session');
  await call.throttle('handoff');
  const { code, expiresAt } = await createCustomerLink({ db: getDb(), customerId, kind: 'handoff' });
  const host = req.headers.get('host') ?? req.nextUrl.host;
  const url = `${isHttps(req) ? 'https' : 'http'}://${host}/?handoff=${code}`;
  return Response.json({ code, url, expiresAt: expiresAt.toISOString(), qrSvg: await handoffQrSvg(url) }, { status: 201 });
});

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
