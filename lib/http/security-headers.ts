import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Headers every answer carries (pages, API, static files, Socket.IO polling), set on the raw response
 * before Next writes it. The page CSP with its per-request nonce is made by proxy.ts.
 */
export const PERMISSIONS_POLICY = [
  // The shake gesture reads the accelerometer: our own origin only, never a frame of another site.
  'accelerometer=(self)',
  'gyroscope=(self)',
  'magnetometer=()',
  'camera=()',
  'microphone=()',
  'geolocation=()',
  'payment=()',
  'usb=()',
  'interest-cohort=()',
].join(', ');

export const isHttpsRequest = (req: IncomingMessage): boolean =>
  Boolean((req.socket as { encrypted?: boolean }).encrypted) || (process.env.TRUST_PROXY === '1' && req.headers['x-forwarded-proto'] === 'https');

export const applySecurityHeaders = (req: IncomingMessage, res: ServerResponse): void => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
  res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
  // Old browsers' frame protection; CSP frame-ancestors 'none' is the modern one (proxy.ts).
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  // Only over HTTPS: a browser would otherwise be told to insist on TLS for a host that has none.
  if (isHttpsRequest(req)) res.setHeader('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
};

/** The page policy: scripts only with this request's nonce (and what they load), nothing inline without it. */
export const contentSecurityPolicy = (opts: { nonce: string; host: string | null; https: boolean; dev: boolean }): string => {
  const sockets = opts.host ? `ws://${opts.host} wss://${opts.host}` : '';
  return [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${opts.nonce}' 'strict-dynamic'${opts.dev ? ` 'unsafe-eval'` : ''}`,
    // React sets style attributes; styles cannot run code. Scripts never get 'unsafe-inline'.
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self' data:`,
    `connect-src 'self' ${sockets}`.trim(),
    `worker-src 'self'`,
    `manifest-src 'self'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
    ...(opts.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
};
