import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRouteLabeler, OTHER, serverRoutePatterns } from './route-label.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('route label', () => {
  const label = createRouteLabeler(serverRoutePatterns(ROOT));

  it.each([
    ['/api/service-requests/cm0abc123?x=1', '/api/service-requests/{id}'],
    ['/api/service-requests', '/api/service-requests'],
    ['/api/service-requests/abc/messages', '/api/service-requests/{id}/messages'],
    ['/api/matches/m1/skip', '/api/matches/{matchId}/skip'],
    // a fixed segment wins over a parameter at the same place
    ['/api/callbacks/slots', '/api/callbacks/slots'],
    ['/api/callbacks/c1/cancel', '/api/callbacks/{id}/cancel'],
    ['/', '/'],
    ['/agent', '/agent'],
    ['/_next/static/chunks/app-123.js', '/_next'],
    ['/icons/icon-192.png', '/icons/{file}'],
    ['/metrics', '/metrics'],
    ['/sw.js', '/sw.js'],
    // what only the API's catch-all (its 404) answers, unknown pages, empty and deeper paths
    ['/api/nope', OTHER],
    ['/api/service-requests/abc/nope', OTHER],
    ['/api/service-requests//messages', OTHER],
    ['/wp-login.php', OTHER],
    ['/agent/x/y/z', OTHER],
  ])('%s → %s', (url, want) => {
    expect(label(url)).toBe(want);
  });

  it('is bounded: ten thousand distinct paths give no more labels than there are patterns, plus other', () => {
    const patterns = serverRoutePatterns(ROOT);
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      seen.add(label(`/api/service-requests/${i}`));
      seen.add(label(`/random/${i}`));
      seen.add(label(`/api/matches/${i}/skip?n=${i}`));
      seen.add(label(`/_next/static/${i}.js`));
    }
    expect([...seen].sort()).toEqual(['/_next', '/api/matches/{matchId}/skip', '/api/service-requests/{id}', OTHER]);
    expect(patterns.length).toBeLessThan(200);
    expect(patterns.some((p) => p.includes('...') || p.includes('['))).toBe(false);
  });

  it('the app folder gives patterns, not files: route groups and private folders are left out', () => {
    const patterns = serverRoutePatterns(ROOT);
    expect(patterns).toContain('/api/admin/agents/{id}/handover');
    expect(patterns.some((p) => p.includes('_components') || p.includes('('))).toBe(false);
  });
});
