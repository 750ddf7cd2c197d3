import crypto from 'node:crypto';

/**
 * Signed like Stripe's: `Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The
 * receiver recomputes it with the endpoint's secret, compares in constant time, and refuses a `t` too far
 * from its clock (replays). README "Webhooks" shows the same in ten lines.
 */
export const signatureOf = (secret: string, body: string, t: number): string =>
  `t=${t},v1=${crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;

/** What a receiver does: true when the header matches the body and `t` is within `toleranceS` of now. */
export const verifySignature = (opts: { secret: string; body: string; header: string; now?: number; toleranceS?: number }): boolean => {
  const parts = Object.fromEntries(opts.header.split(',').map((p) => p.split('=') as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1) return false;
  if (Math.abs((opts.now ?? Math.floor(Date.now() / 1000)) - t) > (opts.toleranceS ?? 300)) return false;
  const want = Buffer.from(signatureOf(opts.secret, opts.body, t).split('v1=')[1]!, 'hex');
  const got = Buffer.from(parts.v1, 'hex');
  return got.length === want.length && crypto.timingSafeEqual(got, want);
};

/** A new endpoint's secret: 256 random bits, prefixed so a leaked one is recognised for what it is. */
export const newWebhookSecret = (): string => `whsec_${crypto.randomBytes(32).toString('base64url')}`;
