/**
 * Scoring of shake detectors on labelled recordings — shared by `scripts/bench-shake.ts` and
 * `scripts/shake/replay.test.ts` so both report exactly the same numbers. Pure (no Node or DOM APIs).
 *
 * Rules (issue 16):
 * - every clip gets a fresh detector (clips are independent recordings);
 * - a shake clip is replayed after `restMs` (1 s) of rest — 1 g along the clip's mean acceleration, at
 *   the clip's own sample rate — because the recordings start mid-shake and a person starts from rest.
 *   It counts as detected when the detector fires at least once after the rest (one trigger per clip
 *   counts); its latency is the time from the end of the rest (the shake's onset) to the first trigger.
 *   A trigger during the rest is a false trigger (`restTriggers`);
 * - `wave` clips (waving the phone) are shake-like: neither a miss nor a false trigger; their triggers
 *   are reported apart, per hour and per clip;
 * - on every other label each trigger is a false trigger; the rate is triggers / total recorded hours.
 */
import type { Trace } from './resample.ts';

export const REST_MS = 1000;
const G = 9.80665;

export interface MotionSampleLike {
  t: number;
  x: number;
  y: number;
  z: number;
}

/** Anything with the detector's `push` contract: `true` on the sample where a shake is recognised. */
export interface PushDetector {
  push(sample: MotionSampleLike): boolean;
}

export interface LabelledClip {
  file: string;
  label: string;
  /** Scoring group (e.g. `shake-phone`, `shake-wii`, `wave`, `walk`). */
  group: string;
  trace: Trace;
}

export type GroupKind = 'shake' | 'wave' | 'negative';

export interface GroupScore {
  group: string;
  label: string;
  kind: GroupKind;
  /** Kept for callers that only ask "must it fire here?" (`kind === 'shake'`). */
  positive: boolean;
  clips: number;
  /** Recorded hours (the rest before shake clips not included). */
  hours: number;
  /** Shake groups: clips with at least one trigger after the rest; wave: clips with any trigger. */
  detected: number;
  recall: number;
  /** Shake groups: median time from the shake's onset (end of the rest) to the first trigger, ms; NaN if none. */
  medianFirstMs: number;
  /** Shake groups: every clip's latency (ms), or `Infinity` for a missed clip, in clip order. */
  firstMs: number[];
  /** All triggers on the recording itself (on negatives these are false triggers). */
  triggers: number;
  perHour: number;
  /** Shake groups: triggers during the rest before the clip (false triggers). */
  restTriggers: number;
  /** Files that were missed (shake groups) or that triggered (other groups). */
  offenders: string[];
}

export const kindOf = (label: string, group: string): GroupKind => (group === 'wave' ? 'wave' : label === 'shake' ? 'shake' : 'negative');

/** Feeds a whole trace through `detector`; returns the trigger times relative to the first sample (ms). */
export function runTrace(detector: PushDetector, trace: Trace): number[] {
  const fired: number[] = [];
  const n = trace.t.length;
  if (n === 0) return fired;
  const t0 = trace.t[0]!;
  // One reusable sample object: the detectors must not keep a reference to it.
  const s: MotionSampleLike = { t: 0, x: 0, y: 0, z: 0 };
  for (let i = 0; i < n; i++) {
    s.t = trace.t[i]!;
    s.x = trace.x[i]!;
    s.y = trace.y[i]!;
    s.z = trace.z[i]!;
    if (detector.push(s)) fired.push(s.t - t0);
  }
  return fired;
}

/**
 * `restMs` of a phone at rest before `trace`: 1 g along the clip's mean acceleration, on the clip's own
 * (mean) sample interval, ending one interval before the clip's first sample. Returns the joined trace
 * and the time of the shake's onset relative to its first sample (= the length of the rest).
 */
export function withRest(trace: Trace, restMs: number = REST_MS): { trace: Trace; onsetMs: number } {
  const n = trace.t.length;
  if (n < 2 || !(restMs > 0)) return { trace, onsetMs: 0 };
  const step = (trace.t[n - 1]! - trace.t[0]!) / (n - 1);
  let mx = 0;
  let my = 0;
  let mz = 0;
  for (let i = 0; i < n; i++) {
    mx += trace.x[i]!;
    my += trace.y[i]!;
    mz += trace.z[i]!;
  }
  const norm = Math.hypot(mx, my, mz);
  const [gx, gy, gz] = norm > 0 ? [(G * mx) / norm, (G * my) / norm, (G * mz) / norm] : [0, 0, G];
  const k = Math.max(1, Math.round(restMs / step));
  const out: Trace = { t: new Float64Array(k + n), x: new Float64Array(k + n), y: new Float64Array(k + n), z: new Float64Array(k + n) };
  const t0 = trace.t[0]!;
  for (let i = 0; i < k; i++) {
    out.t[i] = t0 - (k - i) * step;
    out.x[i] = gx;
    out.y[i] = gy;
    out.z[i] = gz;
  }
  out.t.set(trace.t, k);
  out.x.set(trace.x, k);
  out.y.set(trace.y, k);
  out.z.set(trace.z, k);
  return { trace: out, onsetMs: k * step };
}

export function durationHours(trace: Trace): number {
  const n = trace.t.length;
  return n < 2 ? 0 : (trace.t[n - 1]! - trace.t[0]!) / 3_600_000;
}

/** The true median: the middle value, or the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface ScoreOptions {
  /** Rest before each shake clip (ms); 0 replays the clips as recorded. */
  restMs?: number;
}

/** Scores `makeDetector` (called once per clip) on `clips`, one row per group, in first-seen order. */
export function scoreClips(clips: readonly LabelledClip[], makeDetector: () => PushDetector, { restMs = REST_MS }: ScoreOptions = {}): GroupScore[] {
  const rows = new Map<string, GroupScore & { detectedFirsts: number[] }>();
  for (const clip of clips) {
    let row = rows.get(clip.group);
    if (!row) {
      const kind = kindOf(clip.label, clip.group);
      row = {
        group: clip.group,
        label: clip.label,
        kind,
        positive: kind === 'shake',
        clips: 0,
        hours: 0,
        detected: 0,
        recall: 0,
        medianFirstMs: Number.NaN,
        firstMs: [],
        triggers: 0,
        perHour: 0,
        restTriggers: 0,
        offenders: [],
        detectedFirsts: [],
      };
      rows.set(clip.group, row);
    }
    row.clips++;
    row.hours += durationHours(clip.trace);
    if (row.kind === 'shake') {
      const { trace, onsetMs } = withRest(clip.trace, restMs);
      const fired = runTrace(makeDetector(), trace);
      const during = fired.filter((t) => t < onsetMs).length;
      const after = fired.filter((t) => t >= onsetMs).map((t) => t - onsetMs);
      row.restTriggers += during;
      row.triggers += after.length;
      if (after.length > 0) {
        row.detected++;
        row.detectedFirsts.push(after[0]!);
        row.firstMs.push(after[0]!);
      } else {
        row.offenders.push(clip.file);
        row.firstMs.push(Infinity);
      }
    } else {
      const fired = runTrace(makeDetector(), clip.trace);
      row.triggers += fired.length;
      if (fired.length > 0) {
        row.detected++;
        row.offenders.push(clip.file);
      }
    }
  }
  return [...rows.values()].map(({ detectedFirsts, ...row }) => ({
    ...row,
    recall: row.clips ? row.detected / row.clips : 0,
    medianFirstMs: median(detectedFirsts),
    perHour: row.hours > 0 ? row.triggers / row.hours : 0,
  }));
}
