// Issue 13, part 5: security headers on every answer; a nonce CSP on pages.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer, printLogsOnFailure } from '../helpers/server.ts';

let server: RunningServer;
afterEach(printLogsOnFailure(() => server));
beforeAll(async () => {
  server = await startServer({ env: { TRUST_PROXY: '1' } });
});
afterAll(async () => {
  await server?.stop();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { headers });

const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));

describe('headers', () => {
  it.each(['/', '/agent', '/offline', '/api/health', '/api/nope', '/manifest.webmanifest', '/sw.js', '/icons/icon-192.png'])('%s: nosniff, Referrer-Policy, Permissions-Policy, no framing', async (path) => {
    const res = await get(path);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('permissions-policy')).toMatch(/(^|, )accelerometer=\(self\)(,|$)/);
    expect(res.headers.get('permissions-policy')).toMatch(/camera=\(\)/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('strict-transport-security')).toBeNull(); // plain HTTP here
  });

  it('API answers are not gzipped (small JSON: zlib costs more than it saves); pages and scripts are', async () => {
    const gz = { 'accept-encoding': 'gzip' };
    for (const path of ['/api/health', '/api/nope']) expect((await get(path, gz)).headers.get('content-encoding')).toBeNull();
    const posted = await fetch(server.url + '/api/matches', { method: 'POST', headers: gz });
    expect(posted.status).toBe(201);
    expect(posted.headers.get('content-encoding')).toBeNull();
    expect((await get('/', gz)).headers.get('content-encoding')).toBe('gzip');
  });

  it('pages carry a CSP with a fresh nonce on every script, no unsafe-inline script, frame-ancestors none', async () => {
    const seen = new Set<string>();
    for (const path of ['/', '/agent', '/']) {
      const res = await get(path);
      const csp = res.headers.get('content-security-policy')!;
      const d = directives(csp);
      const script = d.get('script-src')!;
      expect(script).not.toContain("'unsafe-inline'");
      expect(script).not.toContain("'unsafe-eval'");
      const nonce = script.find((s) => s.startsWith("'nonce-"))!.slice(7, -1);
      expect(nonce.length).toBeGreaterThanOrEqual(16);
      expect(seen.has(nonce)).toBe(false);
      seen.add(nonce);
      expect(d.get('frame-ancestors')).toEqual(["'none'"]);
      expect(d.get('object-src')).toEqual(["'none'"]);
      const html = await res.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);
    }
  });

  it('HSTS only when the request came over HTTPS (through a trusted proxy)', async () => {
    const res = await get('/', { 'x-forwarded-proto': 'https' });
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
    expect(res.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
  });

  it('API answers with personal data are never stored: Cache-Control no-store, also on errors', async () => {
    for (const [method, path] of [
      ['GET', '/api/customers/me'],
      ['GET', '/api/agent/customers'],
      ['GET', '/api/service-requests'],
      ['POST', '/api/matches'],
      ['GET', '/api/nope'],
    ]) {
      const res = await fetch(server.url + path, { method });
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
  });
});
