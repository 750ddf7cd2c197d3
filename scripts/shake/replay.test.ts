/**
 * Replays the shared accelerometer recordings (MOTION_TRACES_DIR, default ../shared/motion-traces)
 * through the default detector, resampled to 60 Hz and 30 Hz, on the clock of issue 16 (each shake clip
 * after 1 s of rest, latency from the shake's onset), and checks the targets. The same scoring
 * (scripts/shake/evaluate.ts) writes the figures in docs/benchmarks.md (`npm run bench:shake`).
 *
 * Every target of the issue is asserted as such (the 30 Hz median sits at the limit: docs/benchmarks.md).
 *
 * Without the recordings the suite is skipped on a developer machine and FAILS in CI (`CI` set).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createShakeDetector } from '../../lib/shake/detector.ts';
import { scoreClips, type GroupScore, type LabelledClip } from './evaluate.ts';
import { resample } from './resample.ts';
import { hasTraces, loadManifest, loadTrace, missingTracesMessage, tracesDir, tracesRequired } from './traces.ts';

const dir = tracesDir();
const available = hasTraces(dir);

const RATES = [60, 30] as const;
type Rate = (typeof RATES)[number];

if (!available && tracesRequired()) {
  describe('replay of the shared recordings (CI)', () => {
    it('has the recordings: in CI the targets must be checked, not skipped', () => {
      expect.fail(missingTracesMessage(dir));
    });
  });
}

describe.skipIf(!available)(available ? `replay of the shared recordings (${dir})` : `replay of the shared recordings — SKIPPED: ${missingTracesMessage(dir)}`, () => {
  const scores = new Map<Rate, GroupScore[]>();
  const group = (hz: Rate, g: string): GroupScore => {
    const row = scores.get(hz)?.find((r) => r.group === g);
    if (!row) throw new Error(`no ${g} clips in ${dir}`);
    return row;
  };

  beforeAll(() => {
    const raw = loadManifest(dir).map((e) => ({ e, trace: loadTrace(e, dir) }));
    for (const hz of RATES) {
      const clips: LabelledClip[] = raw.map(({ e, trace }) => ({ file: e.file, label: e.label, group: e.group, trace: resample(trace, hz) }));
      scores.set(hz, scoreClips(clips, () => createShakeDetector()));
    }
  });

  describe.each(RATES)('at %i Hz', (hz) => {
    it('has the labelled groups the targets are about, waving scored apart', () => {
      for (const g of ['shake-phone', 'shake-wii', 'wave', 'walk', 'run', 'stairs', 'still', 'handling', 'other']) expect(group(hz, g).clips).toBeGreaterThan(0);
      expect(group(hz, 'wave').kind).toBe('wave');
      expect(group(hz, 'other').offenders.filter((f) => f.includes('waving'))).toEqual([]);
    });

    it('target: ≥ 95 % of phone shakes, median ≤ 0.7 s after the onset', () => {
      const r = group(hz, 'shake-phone');
      expect(r.recall, `missed: ${r.offenders.join(', ')}`).toBeGreaterThanOrEqual(0.95);
      expect(r.medianFirstMs, `latencies: ${r.firstMs.map((t) => Math.round(t)).join(', ')}`).toBeLessThanOrEqual(700);
    });

    it('target: ≥ 90 % of Wii shake gestures', () => {
      const r = group(hz, 'shake-wii');
      expect(r.recall, `missed: ${r.offenders.join(', ')}`).toBeGreaterThanOrEqual(0.9);
    });

    it('target: no trigger during the 1 s of rest before a shake', () => {
      expect(group(hz, 'shake-phone').restTriggers + group(hz, 'shake-wii').restTriggers).toBe(0);
    });

    it('target: ≤ 1 false trigger per hour on walk, stairs, still and handling', () => {
      for (const g of ['walk', 'stairs', 'still', 'handling']) expect(group(hz, g).perHour, `${g}: ${group(hz, g).offenders.join(', ')}`).toBeLessThanOrEqual(1);
    });

    it('target: ≤ 60 false triggers per hour on run', () => {
      expect(group(hz, 'run').perHour).toBeLessThanOrEqual(60);
    });

    it('target: ≤ 10 false triggers per hour on the single gestures and activities in other', () => {
      expect(group(hz, 'other').perHour, group(hz, 'other').offenders.join(', ')).toBeLessThanOrEqual(10);
    });
  });

  it('target: the same results within a few points at 30 Hz and 60 Hz', () => {
    for (const g of ['shake-phone', 'shake-wii']) expect(Math.abs(group(60, g).recall - group(30, g).recall), g).toBeLessThanOrEqual(0.07);
    // False-trigger rates: within 3 per hour, or a tenth of the group's budget where that is larger
    // (run: 60/h, so one trigger in its 0.18 h — 5.6/h — is within a few points).
    const budget: Record<string, number> = { walk: 1, run: 60, stairs: 1, still: 1, handling: 1, other: 10 };
    for (const [g, b] of Object.entries(budget)) expect(Math.abs(group(60, g).perHour - group(30, g).perHour), g).toBeLessThanOrEqual(Math.max(3, b / 10));
  });
});
