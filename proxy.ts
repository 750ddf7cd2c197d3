import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy } from './lib/http/security-headers.ts';

/**
 * A fresh nonce for every page: Next puts it on its own scripts when it finds it in the request's
 * Content-Security-Policy header, and the same policy goes out on the answer. Pages are rendered per
 * request already (the language comes from a cookie), so nonces cost no static pages.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const csp = contentSecurityPolicy({
    nonce,
    host: request.headers.get('host'),
    https: request.nextUrl.protocol === 'https:' || (process.env.TRUST_PROXY === '1' && request.headers.get('x-forwarded-proto') === 'https'),
    dev: process.env.NODE_ENV !== 'production',
  });
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', csp);
  return response;
}

export const config = {
  // Pages only: API answers are JSON (no scripts), static files carry no inline code.
  matcher: [
    {
      source: '/((?!api|_next/static|_next/image|sw.js|manifest.webmanifest|icons|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
