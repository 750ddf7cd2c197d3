/**
 * Node-only loader for the shared accelerometer recordings (see ../shared/motion-traces/README.md).
 *
 * The recordings are third-party data, several without a licence, so they are never copied into this
 * repository: they are read from `MOTION_TRACES_DIR` (default `../shared/motion-traces` relative to the
 * repository root). Used by `scripts/bench-shake.ts`, `scripts/shake/replay.test.ts` and the e2e replays; never shipped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Trace } from './resample.ts';

export type TraceLabel = 'shake' | 'walk' | 'run' | 'stairs' | 'still' | 'handling' | 'other';

/** Labels on which the detector must not fire. */
export const NEGATIVE_LABELS: readonly TraceLabel[] = ['walk', 'run', 'stairs', 'still', 'handling', 'other'];

/**
 * Scoring groups. Shake clips are scored per source because the two sources differ physically:
 * phones shaken by hand for several seconds vs. single segmented shake gestures with a Wii remote.
 */
export type TraceGroup = 'shake-phone' | 'shake-wii' | 'shake-other' | 'wave' | Exclude<TraceLabel, 'shake'>;

export interface ManifestEntry {
  /** Path relative to the traces directory, e.g. `traces/shake/wiimote_shake_c02_len040.csv`. */
  file: string;
  label: TraceLabel;
  group: TraceGroup;
  /** Nominal source rate (Hz) and duration (s) from the manifest. */
  hz: number;
  durationS: number;
  sourceRepo: string;
  license: string;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `MOTION_TRACES_DIR` (relative paths resolve against the working directory) or `<repo>/../shared/motion-traces`. */
export function tracesDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.MOTION_TRACES_DIR;
  return fromEnv ? path.resolve(fromEnv) : path.resolve(REPO_ROOT, '..', 'shared', 'motion-traces');
}

export function hasTraces(dir: string = tracesDir()): boolean {
  return fs.existsSync(path.join(dir, 'manifest.csv'));
}

/**
 * In CI the replay tests must not skip when the recordings are missing (a silent skip would let the
 * detector's targets go unchecked): they fail instead. `CI` unset, empty, `0` or `false` means a
 * developer machine, where a skip says what is missing.
 */
export function tracesRequired(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return !!ci && ci !== '0' && ci !== 'false';
}

export const missingTracesMessage = (dir: string = tracesDir()) => `no manifest.csv in ${dir}: set MOTION_TRACES_DIR to the shared motion recordings`;

/** Splits one CSV line, honouring double quotes (the manifest quotes fields that contain commas). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/**
 * Waving the phone counts as shaking it (issue 16, decision 1): by frequency, amplitude and linearity
 * the brisk waving clips look like a shake, and a customer who waves the phone on the find screen wants
 * an agent. Their manifest label stays `other`; they are scored apart as `wave`, neither a miss nor a
 * false trigger.
 */
export function groupOf(file: string, label: TraceLabel): TraceGroup {
  const base = path.basename(file);
  if (base.includes('waving')) return 'wave';
  if (label !== 'shake') return label;
  if (base.startsWith('itt23maschinen_')) return 'shake-phone';
  if (base.startsWith('wiimote_shake_')) return 'shake-wii';
  return 'shake-other';
}

export function loadManifest(dir: string = tracesDir()): ManifestEntry[] {
  const text = fs.readFileSync(path.join(dir, 'manifest.csv'), 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = splitCsvLine(lines[0]!);
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`manifest.csv: missing column ${name}`);
    return i;
  };
  const [iFile, iLabel, iHz, iDur, iRepo, iLic] = ['file', 'label', 'hz', 'duration_s', 'source_repo', 'license'].map(col) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return lines.slice(1).map((line) => {
    const f = splitCsvLine(line);
    const label = f[iLabel] as TraceLabel;
    return {
      file: f[iFile]!,
      label,
      group: groupOf(f[iFile]!, label),
      hz: Number(f[iHz]),
      durationS: Number(f[iDur]),
      sourceRepo: f[iRepo] ?? '',
      license: f[iLic] ?? '',
    };
  });
}

/** Parses a `t_ms,ax,ay,az` recording. */
export function parseTraceCsv(text: string): Trace {
  const lines = text.split(/\r?\n/);
  const t: number[] = [];
  const x: number[] = [];
  const y: number[] = [];
  const z: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const parts = line.split(',');
    if (parts.length < 4) continue;
    t.push(Number(parts[0]));
    x.push(Number(parts[1]));
    y.push(Number(parts[2]));
    z.push(Number(parts[3]));
  }
  return { t: Float64Array.from(t), x: Float64Array.from(x), y: Float64Array.from(y), z: Float64Array.from(z) };
}

export function loadTrace(entry: ManifestEntry | string, dir: string = tracesDir()): Trace {
  const file = typeof entry === 'string' ? entry : entry.file;
  return parseTraceCsv(fs.readFileSync(path.join(dir, file), 'utf8'));
}
