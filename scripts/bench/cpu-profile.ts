// Reads a V8 .cpuprofile (node --cpu-prof) and prints where the time went: self time grouped by
// package (node_modules/<pkg>, the app's own folders, Node's internals, GC, idle), then the top
// functions. Usage: node --import tsx scripts/bench/cpu-profile.ts /tmp/prof/CPU.…cpuprofile [top=25]
import fs from 'node:fs';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

/** The part of the program a frame belongs to: an npm package, a folder of ours, or Node itself. */
export const groupOf = (url: string, name: string): string => {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node: internals';
  const ours = url.match(/\/(lib\/[^/]+|app|server\.ts|stores|\.next\/server\/[^/]+)/);
  if (ours) return ours[1]!.startsWith('.next') ? '.next (bundled app and Next runtime)' : ours[1]!;
  return url.replace(/^file:\/\//, '');
};

export const summarise = (profile: Profile) => {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const groups = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const g = groupOf(url, functionName);
    groups.set(g, (groups.get(g) ?? 0) + us);
    const key = `${functionName || '(anonymous)'} ${g}:${lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([k, us]) => ({ name: k, ms: us / 1000, pct: (us / total) * 100 }));
  return { totalMs: total / 1000, groups: sorted(groups), functions: sorted(fns) };
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: cpu-profile.ts <file.cpuprofile> [top]');
  const top = Number(process.argv[3] ?? 25);
  const s = summarise(JSON.parse(fs.readFileSync(file, 'utf8')) as Profile);
  console.log(`profile: ${(s.totalMs / 1000).toFixed(1)} s sampled\n\nby part:`);
  for (const g of s.groups.slice(0, top)) console.log(`${g.pct.toFixed(1).padStart(5)} %  ${g.ms.toFixed(0).padStart(7)} ms  ${g.name}`);
  console.log('\nby function (self time):');
  for (const f of s.functions.slice(0, top)) console.log(`${f.pct.toFixed(1).padStart(5)} %  ${f.ms.toFixed(0).padStart(7)} ms  ${f.name}`);
}
