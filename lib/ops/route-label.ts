import fs from 'node:fs';
import path from 'node:path';

/**
 * The `route` label of a request: the pattern it matches (`/api/service-requests/{id}`), never the raw
 * path, so the number of series stays bounded whatever clients ask for. A path no pattern matches is
 * `other`; Next's assets are `/_next`. Catch-all routes (the API's 404, `app/api/[...path]`) are not
 * patterns: what they catch is `other` too.
 */
export const OTHER = 'other';

type Node = { fixed: Map<string, Node>; param?: { name: string; node: Node }; pattern?: string };
const node = (): Node => ({ fixed: new Map() });

export const createRouteLabeler = (patterns: readonly string[]): ((url: string) => string) => {
  const root = node();
  for (const pattern of patterns) {
    let at = root;
    for (const seg of pattern.split('/').filter(Boolean)) {
      const param = seg.match(/^\{(\w+)\}$/);
      if (param) at = (at.param ??= { name: param[1]!, node: node() }).node;
      else {
        let next = at.fixed.get(seg);
        if (!next) at.fixed.set(seg, (next = node()));
        at = next;
      }
    }
    at.pattern = pattern;
  }
  // Fixed segments win over a parameter at the same place (`/api/callbacks/slots` before `/api/callbacks/{id}`).
  const find = (at: Node, segs: string[], i: number): string | undefined => {
    if (i === segs.length) return at.pattern;
    const fixed = at.fixed.get(segs[i]!);
    const found = fixed && find(fixed, segs, i + 1);
    if (found) return found;
    return at.param && segs[i] ? find(at.param.node, segs, i + 1) : undefined;
  };
  return (url) => {
    const q = url.indexOf('?');
    const p = q < 0 ? url : url.slice(0, q);
    if (p.startsWith('/_next/')) return '/_next';
    return find(root, p.split('/').slice(1), 0) ?? (p === '/' ? (root.pattern ?? OTHER) : OTHER);
  };
};

/**
 * The app's routes read from its folder (app/): every `page.tsx` and `route.ts`, with `[id]` written
 * `{id}`; route groups `(x)` and private folders `_x` left out, catch-alls skipped. Read once at start.
 */
export const appRoutePatterns = (appDir: string): string[] => {
  const out: string[] = [];
  const walk = (dir: string, segs: string[]) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) {
        const n = e.name;
        if (n.startsWith('_') || n.startsWith('[...') || n.startsWith('[[...')) continue;
        if (n.startsWith('(') && n.endsWith(')')) walk(path.join(dir, n), segs);
        else walk(path.join(dir, n), [...segs, n.replace(/^\[(\w+)\]$/, '{$1}')]);
      } else if (/^(page|route)\.(tsx?|jsx?)$/.test(e.name)) out.push(`/${segs.join('/')}`);
    }
  };
  walk(appDir, []);
  return [...new Set(out)].sort();
};

/** Every pattern this server answers: the app's routes, public/'s files and folders, and the server's own. */
export const serverRoutePatterns = (root: string): string[] => {
  const pub = path.join(root, 'public');
  const files = fs.existsSync(pub) ? fs.readdirSync(pub, { withFileTypes: true }).map((e) => (e.isDirectory() ? `/${e.name}/{file}` : `/${e.name}`)) : [];
  return [...new Set([...appRoutePatterns(path.join(root, 'app')), ...files, '/metrics', '/sw.js', '/manifest.webmanifest'])].sort();
};
