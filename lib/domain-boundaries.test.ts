import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The domain tells people about changes through the Notifier (lib/requests/notifier.ts) and never
// reaches for sockets: lib/realtime implements the Notifier, not the other way round.
const DOMAIN = ['requests', 'matching', 'binding', 'agents', 'callbacks'];

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });

describe('dependencies point one way', () => {
  it.each(DOMAIN)('lib/%s imports nothing from lib/realtime', (area) => {
    const files = sources(path.join(import.meta.dirname, area));
    expect(files.length).toBeGreaterThan(0);
    const offenders = files.filter((f) => /from\s+['"][^'"]*realtime\//.test(readFileSync(f, 'utf8')) || /import\(['"][^'"]*realtime\//.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => path.relative(import.meta.dirname, f))).toEqual([]);
  });
});

/** Relative imports (type-only ones too) between the files of lib/, as a graph. */
const importGraph = (root: string): Map<string, string[]> => {
  const graph = new Map<string, string[]>();
  // Prisma's generated client is not ours to untangle.
  for (const file of sources(root).filter((f) => !/\.test\.tsx?$/.test(f) && !f.includes(`${path.sep}generated${path.sep}`))) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => path.resolve(path.dirname(file), m[1]!).replace(/\.tsx?$/, ''));
    graph.set(file.replace(/\.tsx?$/, ''), targets);
  }
  return graph;
};

/** The groups of files that import each other round in a circle (Tarjan's strongly connected components, size > 1). */
const cyclesOf = (graph: Map<string, string[]>): string[][] => {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const connect = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    for (let w = stack.pop()!; ; w = stack.pop()!) {
      onStack.delete(w);
      group.push(w);
      if (w === v) break;
    }
    if (group.length > 1 || (graph.get(v) ?? []).includes(v)) groups.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return groups;
};

describe('no import cycles in lib/', () => {
  it('finds a cycle when there is one (the check itself)', () => {
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    expect(cyclesOf(g)).toEqual([['a', 'b', 'c']]);
    expect(cyclesOf(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });

  it('lib/ has none, type-only imports included (a module reads from the one it serves, never both ways)', () => {
    const cycles = cyclesOf(importGraph(import.meta.dirname)).map((c) => c.map((f) => path.relative(import.meta.dirname, f)).join(' → '));
    expect(cycles).toEqual([]);
  });
});
