import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The domain tells people about changes through the events it declares (lib/events fans them out) and
// never reaches for sockets: lib/realtime listens to the events, not the other way round.
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

/** The rows of the layering table in lib/README.md: folder (or root file, without .ts) → its row; "apart" is row Infinity. */
const readLayering = (readme: string): Map<string, number> => {
  const rows = new Map<string, number>();
  for (const line of readme.split('\n')) {
    const m = /^\|\s*(\d+|apart)\s*\|([^|]*)\|/.exec(line);
    if (!m) continue;
    const row = m[1] === 'apart' ? Number.POSITIVE_INFINITY : Number(m[1]);
    for (const name of m[2]!.matchAll(/`([^`]+?)\/?`/g)) rows.set(name[1]!, row);
  }
  return rows;
};

/** The folder of lib/ (or the root file, without its extension) a path belongs to. */
const placeOf = (root: string, file: string): string => {
  const [first, ...rest] = path.relative(root, file).split(path.sep);
  return rest.length ? first! : first!.replace(/\.tsx?$/, '');
};

/**
 * Every import of lib/ that breaks the layering: a folder may import only folders on lower rows (a
 * larger number); a folder "apart" imports none of the rest. One line per import, naming the file.
 */
const layeringViolations = (root: string, graph: Map<string, string[]>, rows: Map<string, number>): string[] => {
  const out: string[] = [];
  for (const [file, targets] of graph) {
    const from = placeOf(root, file);
    const fromRow = rows.get(from);
    if (fromRow === undefined) {
      out.push(`${path.relative(root, file)}: lib/${from} has no row in lib/README.md`);
      continue;
    }
    for (const target of targets) {
      if (!target.startsWith(root + path.sep)) continue;
      const to = placeOf(root, target);
      if (to === from) continue;
      const toRow = rows.get(to);
      const allowed = toRow !== undefined && fromRow !== Number.POSITIVE_INFINITY && toRow !== Number.POSITIVE_INFINITY && toRow > fromRow;
      if (!allowed) out.push(`${path.relative(root, file)}.ts imports lib/${path.relative(root, target)} (${from}, row ${fromRow} → ${to}, row ${toRow ?? 'none'})`);
    }
  }
  return out.sort();
};

describe('lib/ follows the layering written in lib/README.md', () => {
  const root = import.meta.dirname;
  const rows = readLayering(readFileSync(path.join(root, 'README.md'), 'utf8'));

  it('finds an import that runs up, or across one row, and names the file (the check itself)', () => {
    const table = readLayering('| 1 | `top/` | x |\n| 2 | `mid/`, `other/` | y |\n| 3 | `env` | z |\n| apart | `alone/` | w |');
    const g = new Map([
      [path.join(root, 'mid/a'), [path.join(root, 'env'), path.join(root, 'top/b')]],
      [path.join(root, 'other/c'), [path.join(root, 'mid/a')]],
      [path.join(root, 'top/b'), [path.join(root, 'mid/a'), path.join(root, 'alone/d')]],
      [path.join(root, 'nowhere/e'), []],
    ]);
    expect(layeringViolations(root, g, table)).toEqual([
      'mid/a.ts imports lib/top/b (mid, row 2 → top, row 1)',
      'nowhere/e: lib/nowhere has no row in lib/README.md',
      'other/c.ts imports lib/mid/a (other, row 2 → mid, row 2)',
      'top/b.ts imports lib/alone/d (top, row 1 → alone, row Infinity)',
    ]);
  });

  it('every folder of lib/ has a row', () => {
    const places = readdirSync(root, { withFileTypes: true })
      .filter((e) => (e.isDirectory() ? sources(path.join(root, e.name)).some((f) => !/\.test\.tsx?$/.test(f)) : /^[^.]+\.tsx?$/.test(e.name)))
      .map((e) => e.name.replace(/\.tsx?$/, ''));
    expect(places.filter((p) => !rows.has(p))).toEqual([]);
  });

  it('no import breaks it, type-only imports included', () => {
    expect(layeringViolations(root, importGraph(root), rows)).toEqual([]);
  });
});
