import fs from 'node:fs';
import path from 'node:path';

const API = path.resolve(import.meta.dirname, '../../app/api');

/**
 * Every `app/api/**∕route.ts` with the methods it exports as handlers (not the 405 re-exports), its
 * dynamic segments written `{name}`. The authorization matrix and the fuzz targets are checked
 * against it, so a route added without a row or a target fails a test.
 */
export const routesOnDisk = (): { method: string; path: string }[] => {
  const out: { method: string; path: string }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name === 'route.ts') {
        const rel = `/api/${path.relative(API, dir).split(path.sep).join('/')}`;
        if (rel.includes('[...')) continue; // the catch-all (unknown addresses)
        const src = fs.readFileSync(full, 'utf8');
        for (const m of src.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)) out.push({ method: m[1]!, path: rel.replace(/\[([^\]]+)\]/g, '{$1}') });
      }
    }
  };
  walk(API);
  return out;
};

const REALTIME = path.resolve(import.meta.dirname, '../../lib/realtime');

/**
 * Every event a client may send, as the server registers it (`socket.on('name', …)` in lib/realtime),
 * without the connection's own events. The socket rows of the authorization matrix and the fuzz targets
 * are checked against it, so an event added without a row or a target fails a test.
 */
export const socketEventsOnDisk = (): string[] => {
  const events = new Set<string>();
  for (const name of fs.readdirSync(REALTIME)) {
    if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
    const src = fs.readFileSync(path.join(REALTIME, name), 'utf8');
    for (const m of src.matchAll(/\bsocket\.on\('([^']+)'/g)) events.add(m[1]!);
  }
  for (const own of ['disconnect', 'disconnecting', 'error']) events.delete(own);
  return [...events].sort();
};
