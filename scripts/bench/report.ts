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

const statFields = (pid: number): string[] | null => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
};

/**
 * CPU time of a process and its children, in clock ticks: its own user + system time, what its
 * children that already ended left in its cutime/cstime (counted once they are reaped), and the
 * live children's own. For PostgreSQL's postmaster this is every backend and background worker,
 * including connections that closed during the run.
 */
export const treeCpuTicks = (pid: number): number => {
  const self = statFields(pid);
  if (!self) return NaN;
  let ticks = Number(self[11]) + Number(self[12]) + Number(self[13]) + Number(self[14]);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(Number(entry));
    if (f && Number(f[1]) === pid) ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  }
  return ticks;
};

/**
 * Proportional memory (PSS) of a process and its live children, in MB: shared pages are split
 * between the processes that map them, so PostgreSQL's shared buffers count once, not per backend.
 */
export const treePssMb = (pid: number): number => {
  const pss = (p: number) => {
    try {
      const m = fs.readFileSync(`/proc/${p}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+) kB/m);
      return m ? Number(m[1]) / 1024 : 0;
    } catch {
      return 0;
    }
  };
  let mb = pss(pid);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(Number(entry));
    if (f && Number(f[1]) === pid) mb += pss(Number(entry));
  }
  return mb;
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
