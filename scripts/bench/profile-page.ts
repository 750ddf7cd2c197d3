// node --import tsx scripts/bench/profile-page.ts [--runs=N] [--out=DIR] [/ /bare …]
// Where the main thread's time goes during a cold, throttled first visit (the same load as
// `npm run bench:web`'s page speed, scripts/bench/page-speed.ts), read from a V8 CPU profile taken
// through the DevTools protocol: self time per script and per function over the whole load, and the
// busiest stretches (runs of samples without idle between them, ≈ tasks) over 50 ms with what filled
// them. Profile before optimising; the figures of record come from bench:web, not from here (sampling
// costs CPU of its own). Needs `npm run build`. With --out, each profile is written as a
// .cpuprofile (open it in Chromium's DevTools, Performance panel).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../test/helpers/server.ts';
import { measureLoad, type CpuProfile } from './page-speed.ts';

const args = process.argv.slice(2);
const RUNS = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
const OUT = args.find((a) => a.startsWith('--out='))?.slice(6);
const pages = args.filter((a) => a.startsWith('/'));
const PAGES = pages.length ? pages : ['/', '/bare'];

type Frame = CpuProfile['nodes'][number]['callFrame'];
const scriptOf = (f: Frame) => (f.url ? new URL(f.url, 'http://x').pathname.replace('/_next/static/chunks/', '') : f.functionName.startsWith('(') ? f.functionName : '(native)');
const nameOf = (f: Frame) => `${f.functionName || '(anonymous)'} ${scriptOf(f)}:${f.lineNumber + 1}:${f.columnNumber + 1}`;

type Tally = Map<string, number>;
const add = (m: Tally, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
const top = (m: Tally, n: number, runs = 1) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${(v / 1000 / runs).toFixed(0).padStart(6)} ms  ${k}`);

/** Self time (µs) per script and per function, and the busy stretches over 50 ms. */
const analyse = (p: CpuProfile) => {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // The outermost frame with a script: what started the work (a chunk's evaluation, React's scheduler, …).
  const entryOf = (id: number): string => {
    let entry = '';
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)!.callFrame;
      if (f.url) entry = nameOf(f);
    }
    return entry || scriptOf(byId.get(id)!.callFrame);
  };
  const scripts: Tally = new Map();
  const functions: Tally = new Map();
  const stretches: { start: number; duration: number; scripts: Tally; entries: Tally; functions: Tally }[] = [];
  let t = p.startTime;
  let current: (typeof stretches)[number] | null = null;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i + 1] ?? 0; // the time until the next sample is this sample's
    t += p.timeDeltas[i] ?? 0;
    const f = byId.get(id)!.callFrame;
    if (f.functionName === '(idle)') {
      if (current && current.duration > 50_000) stretches.push(current);
      current = null;
      return;
    }
    add(scripts, scriptOf(f), dt);
    add(functions, nameOf(f), dt);
    current ??= { start: t - p.startTime, duration: 0, scripts: new Map(), entries: new Map(), functions: new Map() };
    current.duration += dt;
    add(current.scripts, scriptOf(f), dt);
    add(current.entries, entryOf(id), dt);
    add(current.functions, nameOf(f), dt);
  });
  if (current && (current as { duration: number }).duration > 50_000) stretches.push(current);
  return { scripts, functions, stretches };
};

const server = await startServer({ env: { LOG_LEVEL: 'info' } }) // the helper waits for the 'listening' line;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  if (OUT) mkdirSync(OUT, { recursive: true });
  for (const page of PAGES) {
    const scripts: Tally = new Map();
    const functions: Tally = new Map();
    console.log(`\n=== ${page} (${RUNS} cold loads, throttled as in bench:web)`);
    for (let i = 0; i < RUNS; i++) {
      const load = await measureLoad(browser, server.url + page, { profile: true });
      const a = analyse(load.profile!);
      for (const [k, v] of a.scripts) add(scripts, k, v);
      for (const [k, v] of a.functions) add(functions, k, v);
      console.log(`\nrun ${i + 1}: FCP ${load.fcp.toFixed(0)} ms, LCP ${load.lcp.toFixed(0)} ms, TBT ${load.tbt.toFixed(0)} ms; long tasks (start+duration): ${load.longTasks!.map((l) => `${l.start.toFixed(0)}+${l.duration.toFixed(0)}`).join(', ')}`);
      for (const s of a.stretches) {
        console.log(`  busy ${(s.start / 1000).toFixed(0)} ms (profile clock) for ${(s.duration / 1000).toFixed(0)} ms`);
        console.log(`    started by:\n${top(s.entries, 4).map((l) => `      ${l}`).join('\n')}`);
        console.log(`    self, by function:\n${top(s.functions, 6).map((l) => `      ${l}`).join('\n')}`);
      }
      if (OUT) writeFileSync(path.join(OUT, `${page === '/' ? 'root' : page.slice(1).replace(/\//g, '_')}-${i + 1}.cpuprofile`), JSON.stringify(load.profile));
    }
    console.log(`\n${page}: self time per script, mean of ${RUNS} loads:\n${top(scripts, 15, RUNS).join('\n')}`);
    console.log(`\n${page}: self time per function, mean of ${RUNS} loads:\n${top(functions, 25, RUNS).join('\n')}`);
  }
} finally {
  await browser.close();
  await server.stop();
}
