/**
 * Scoring of shake detectors on labelled recordings — shared by `scripts/bench-shake.ts` and
 * `lib/shake/replay.test.ts` so both report exactly the same numbers. Pure (no Node or DOM APIs).
 *
 * Rules:
 * - every clip gets a fresh detector (clips are independent recordings);
 * - a shake clip counts as detected when the detector fires at least once in it (one trigger per clip
 *   counts); its latency is the time from the clip's first sample to the first trigger;
 * - on every other label each trigger is a false trigger; the rate is triggers / total recorded hours.
 */
import type { Trace } from './resample.ts';

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
  /** Scoring group (e.g. `shake-phone`, `shake-wii`, `walk`). */
  group: string;
  trace: Trace;
}

export interface GroupScore {
  group: string;
  label: string;
  positive: boolean;
  clips: number;
  hours: number;
  /** Shake groups: clips with at least one trigger. */
  detected: number;
  recall: number;
  /** Shake groups: median time from clip start to first trigger over detected clips (ms), NaN if none. */
  medianFirstMs: number;
  /** All triggers (on negatives these are false triggers). */
  triggers: number;
  perHour: number;
  /** Files that were missed (positive groups) or that triggered (negative groups). */
  offenders: string[];
}

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

export function durationHours(trace: Trace): number {
  const n = trace.t.length;
  return n < 2 ? 0 : (trace.t[n - 1]! - trace.t[0]!) / 3_600_000;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Scores `makeDetector` (called once per clip) on `clips`, one row per group, in first-seen order. */
export function scoreClips(clips: readonly LabelledClip[], makeDetector: () => PushDetector): GroupScore[] {
  const rows = new Map<string, GroupScore & { firsts: number[] }>();
  for (const clip of clips) {
    let row = rows.get(clip.group);
    if (!row) {
      row = {
        group: clip.group,
        label: clip.label,
        positive: clip.label === 'shake',
        clips: 0,
        hours: 0,
        detected: 0,
        recall: 0,
        medianFirstMs: Number.NaN,
        triggers: 0,
        perHour: 0,
        offenders: [],
        firsts: [],
      };
      rows.set(clip.group, row);
    }
    const fired = runTrace(makeDetector(), clip.trace);
    row.clips++;
    row.hours += durationHours(clip.trace);
    row.triggers += fired.length;
    if (row.positive) {
      if (fired.length > 0) {
        row.detected++;
        row.firsts.push(fired[0]!);
      } else row.offenders.push(clip.file);
    } else if (fired.length > 0) row.offenders.push(clip.file);
  }
  return [...rows.values()].map(({ firsts, ...row }) => ({
    ...row,
    recall: row.clips ? row.detected / row.clips : 0,
    medianFirstMs: median(firsts),
    perHour: row.hours > 0 ? row.triggers / row.hours : 0,
  }));
}
