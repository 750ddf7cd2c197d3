import { describe, expect, it } from 'vitest';
import { median, REST_MS, scoreClips, withRest, type LabelledClip, type MotionSampleLike, type PushDetector } from './evaluate.ts';
import type { Trace } from './resample.ts';

const G = 9.80665;

/** `ms` of samples every `stepMs`, each (t) → [x, y, z]. */
function trace(ms: number, stepMs: number, f: (t: number) => readonly [number, number, number]): Trace {
  const n = Math.floor(ms / stepMs) + 1;
  const tr: Trace = { t: new Float64Array(n), x: new Float64Array(n), y: new Float64Array(n), z: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const t = i * stepMs;
    const [x, y, z] = f(t);
    tr.t[i] = t;
    tr.x[i] = x;
    tr.y[i] = y;
    tr.z[i] = z;
  }
  return tr;
}

/** A detector that fires on every sample whose |a| exceeds `threshold` (m/s²), at most once per `gapMs`. */
const overThreshold = (threshold: number, gapMs = 1000): PushDetector => {
  let last = -Infinity;
  return {
    push(s: MotionSampleLike) {
      if (Math.hypot(s.x, s.y, s.z) > threshold && s.t - last >= gapMs) {
        last = s.t;
        return true;
      }
      return false;
    },
  };
};

describe('median', () => {
  it('is the true median: the mean of the two middle values for an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('withRest', () => {
  it('puts 1 s of 1 g along the clip\'s mean acceleration before it, on the clip\'s own sample interval', () => {
    const clip = trace(500, 20, () => [3, 4, 0]); // mean direction (0.6, 0.8, 0)
    const { trace: out, onsetMs } = withRest(clip);
    expect(onsetMs).toBe(REST_MS);
    expect(out.t.length).toBe(clip.t.length + REST_MS / 20);
    expect(out.t[0]).toBe(-REST_MS);
    expect(out.t[REST_MS / 20]).toBe(0);
    expect(out.x[0]).toBeCloseTo(0.6 * G, 9);
    expect(out.y[0]).toBeCloseTo(0.8 * G, 9);
    expect(out.z[0]).toBe(0);
    expect(Array.from(out.x.slice(REST_MS / 20))).toEqual(Array.from(clip.x));
  });
});

describe('scoreClips (issue 16 clock)', () => {
  const still = (ms: number) => trace(ms, 1000 / 60, () => [0, 0, G]);
  // A shake clip that starts mid-shake: 1.5 g from 300 ms on.
  const shakeClip = trace(2000, 1000 / 60, (t) => (t >= 300 ? [15, 0, G] : [0, 0, G]));
  const clips: LabelledClip[] = [
    { file: 'traces/shake/itt23maschinen_shaking_a.csv', label: 'shake', group: 'shake-phone', trace: shakeClip },
    { file: 'traces/shake/itt23maschinen_shaking_b.csv', label: 'shake', group: 'shake-phone', trace: still(2000) },
    { file: 'traces/other/itt23maschinen_waving_a.csv', label: 'other', group: 'wave', trace: shakeClip },
    { file: 'traces/other/wiimote_move_a.csv', label: 'other', group: 'other', trace: shakeClip },
    { file: 'traces/walk/w.csv', label: 'walk', group: 'walk', trace: still(3_600_000 / 100) },
  ];

  it('counts latency from the end of the rest, and a miss as a miss', () => {
    const phone = scoreClips(clips, () => overThreshold(12)).find((r) => r.group === 'shake-phone')!;
    expect(phone.detected).toBe(1);
    expect(phone.offenders).toEqual(['traces/shake/itt23maschinen_shaking_b.csv']);
    expect(phone.firstMs[0]).toBeCloseTo(300, 6);
    expect(phone.firstMs[1]).toBe(Infinity);
    expect(phone.medianFirstMs).toBeCloseTo(300, 6);
    expect(phone.restTriggers).toBe(0);
  });

  it('counts a trigger during the rest as a false trigger, not as a detection', () => {
    const phone = scoreClips(clips, () => overThreshold(5, 60_000)).find((r) => r.group === 'shake-phone')!;
    expect(phone.restTriggers).toBe(2); // 1 g > 5 m/s²: fires at the first rest sample of each clip
    expect(phone.detected).toBe(0);
  });

  it('reports waving apart: neither a miss nor a false trigger', () => {
    const rows = scoreClips(clips, () => overThreshold(12));
    const wave = rows.find((r) => r.group === 'wave')!;
    expect(wave.kind).toBe('wave');
    expect(wave.positive).toBe(false);
    expect(wave.triggers).toBe(2);
    const other = rows.find((r) => r.group === 'other')!;
    expect(other.kind).toBe('negative');
    expect(other.triggers).toBe(2);
    expect(rows.find((r) => r.group === 'walk')!.perHour).toBe(0);
  });

  it('replays the clips as recorded with restMs: 0', () => {
    const phone = scoreClips(clips, () => overThreshold(5, 60_000), { restMs: 0 }).find((r) => r.group === 'shake-phone')!;
    expect(phone.restTriggers).toBe(0);
    expect(phone.detected).toBe(2);
    expect(phone.medianFirstMs).toBe(0);
  });
});
