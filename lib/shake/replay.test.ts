/**
 * Replays the shared accelerometer recordings (MOTION_TRACES_DIR, default ../shared/motion-traces)
 * through the default detector, resampled to 60 Hz and 30 Hz, and checks the targets.
 *
 * Targets the detector meets are asserted as such. Targets it does not meet yet are kept as
 * `it.fails(...)` — they pass while the gap exists and start failing the day the detector meets them,
 * so the gap cannot be forgotten — and a regression floor at the measured level guards against
 * getting worse. Numbers and the reasons are in docs/benchmarks.md ("Shake detection").
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createShakeDetector } from './detector.ts';
import { median, scoreClips, type GroupScore, type LabelledClip } from './evaluate.ts';
import { halfCycleStarts } from './latency-bound.ts';
import { resample } from './resample.ts';
import { hasTraces, loadManifest, loadTrace, tracesDir } from './traces.ts';

const dir = tracesDir();
const available = hasTraces(dir);
const title = available
  ? `replay of the shared recordings (${dir})`
  : `replay of the shared recordings — SKIPPED: no manifest.csv in ${dir} (set MOTION_TRACES_DIR)`;

const RATES = [60, 30] as const;
type Rate = (typeof RATES)[number];

describe.skipIf(!available)(title, () => {
  const scores = new Map<Rate, GroupScore[]>();
  /** Per rate: the phone clips' half-cycle start times by the oracle of latency-bound.ts. */
  const phoneHalfCycles = new Map<Rate, number[][]>();
  const group = (hz: Rate, g: string): GroupScore => {
    const row = scores.get(hz)?.find((r) => r.group === g);
    if (!row) throw new Error(`no ${g} clips in ${dir}`);
    return row;
  };

  beforeAll(() => {
    const manifest = loadManifest(dir);
    const raw = manifest.map((e) => ({ e, trace: loadTrace(e, dir) }));
    for (const hz of RATES) {
      const clips: LabelledClip[] = raw.map(({ e, trace }) => ({ file: e.file, label: e.label, group: e.group, trace: resample(trace, hz) }));
      scores.set(hz, scoreClips(clips, () => createShakeDetector()));
      phoneHalfCycles.set(hz, clips.filter((c) => c.group === 'shake-phone').map((c) => halfCycleStarts(c.trace)));
    }
  });

  describe.each(RATES)('at %i Hz', (hz) => {
    it('has the labelled groups the targets are about', () => {
      for (const g of ['shake-phone', 'shake-wii', 'walk', 'run', 'stairs', 'still', 'handling', 'other']) expect(group(hz, g).clips).toBeGreaterThan(0);
    });

    // ---- issue targets that are met ----
    it('target: ≤ 1 false trigger per hour on walk, stairs, still and handling', () => {
      for (const g of ['walk', 'stairs', 'still', 'handling']) expect(group(hz, g).perHour, `${g}: ${group(hz, g).offenders.join(', ')}`).toBeLessThanOrEqual(1);
    });

    it('target: ≤ 60 false triggers per hour on run', () => {
      expect(group(hz, 'run').perHour).toBeLessThanOrEqual(60);
    });

    // ---- issue targets not met yet (see the file comment) ----
    it.fails('target NOT met yet: ≥ 95 % of phone shake clips, median first trigger ≤ 600 ms', () => {
      const r = group(hz, 'shake-phone');
      expect(r.recall).toBeGreaterThanOrEqual(0.95);
      expect(r.medianFirstMs).toBeLessThanOrEqual(600);
    });

    it.fails('target NOT met yet: ≥ 90 % of Wii shake gestures', () => {
      expect(group(hz, 'shake-wii').recall).toBeGreaterThanOrEqual(0.9);
    });

    it.fails('target NOT met yet: ≤ 1 false trigger per hour on other (includes waving the phone)', () => {
      expect(group(hz, 'other').perHour).toBeLessThanOrEqual(1);
    });

    // Why the latency target is out of reach (docs/benchmarks.md): a detector that must not fire on a
    // there-and-back gesture (two reversals) waits for a third reversal, i.e. the fourth half-cycle.
    it('the phone clips\' fourth half-cycle starts after 600 ms in the median over all clips, even for an oracle', () => {
      const starts = phoneHalfCycles.get(hz)!;
      expect(starts.every((s) => s.length >= 4)).toBe(true);
      expect(median(starts.map((s) => s[3]!))).toBeGreaterThan(600);
      // …while the third starts well before: firing on two reversals could meet the median.
      expect(median(starts.map((s) => s[2]!))).toBeLessThan(600);
    });

    // ---- regression floors at the measured level ----
    it('does not regress: phone ≥ 13/15 within 1.5 s median, Wii ≥ 40/48, other ≤ 6 per hour', () => {
      const phone = group(hz, 'shake-phone');
      expect(phone.detected, `missed: ${phone.offenders.join(', ')}`).toBeGreaterThanOrEqual(Math.ceil(phone.clips * (13 / 15)));
      expect(phone.medianFirstMs).toBeLessThanOrEqual(1500);
      const wii = group(hz, 'shake-wii');
      expect(wii.detected, `missed: ${wii.offenders.join(', ')}`).toBeGreaterThanOrEqual(Math.ceil(wii.clips * (40 / 48)));
      expect(group(hz, 'other').perHour, group(hz, 'other').offenders.join(', ')).toBeLessThanOrEqual(6);
    });
  });

  it('target: the same results within a few points at 30 Hz and 60 Hz', () => {
    for (const g of ['shake-phone', 'shake-wii']) expect(Math.abs(group(60, g).recall - group(30, g).recall), g).toBeLessThanOrEqual(0.07);
    for (const g of ['walk', 'run', 'stairs', 'still', 'handling', 'other']) expect(Math.abs(group(60, g).perHour - group(30, g).perHour), g).toBeLessThanOrEqual(3);
  });
});
