// Shared by the benchmarks: percentiles, a process's CPU and memory, and docs/benchmarks.md sections.
import fs from 'node:fs';
import path from 'node:path';

/** Nearest-rank percentile of sorted values (NaN when empty). */
export const percentile = (sorted: number[], p: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]! : NaN;

/** User + system CPU time of a process so far, in clock ticks (100 a second on Linux). */
export const cpuTicks = (pid: number): number => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return NaN;
  }
};

/** Resident memory of a process, in MB. */
export const rssMb = (pid: number): number => {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
};

const DOC = path.join(process.cwd(), 'docs/benchmarks.md');

/** Replaces (or appends) the `## <title>` section of docs/benchmarks.md, up to the next `## `. */
export const writeSection = (title: string, body: string) => {
  const doc = fs.readFileSync(DOC, 'utf8');
  const heading = `## ${title}`;
  const section = `${heading}\n\n${body.trim()}\n`;
  const start = doc.indexOf(`${heading}\n`);
  if (start === -1) {
    fs.writeFileSync(DOC, `${doc.trimEnd()}\n\n${section}`);
  } else {
    const next = doc.indexOf('\n## ', start + heading.length);
    fs.writeFileSync(DOC, doc.slice(0, start) + section + (next === -1 ? '' : doc.slice(next)));
  }
  console.log(`wrote "${heading}" in docs/benchmarks.md`);
};
